// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace scalelab {

// ScaleLab's one parser of decimal numbers from users (option values, values in input
// files), so a kernel and the verifier that checks it can never read the same text as two
// different numbers. Accepts exactly: an optional '-', digits with an optional '.', an
// optional exponent (e/E, optional sign), e.g. "659.87", "-3", "2.5e-3", ".5". Refuses, by
// returning false: empty text, blanks, '+', hex ("0x1p3"), "inf", "nan", trailing junk,
// and a value a double cannot hold: one that overflows (1e309) or whose non-zero digits
// underflow to zero (1e-400). Subnormal results (1e-310) are kept.
bool parse_finite_double(std::string_view text, double& value);

// The same for an option's value: throws UsageError naming `option` and the text.
double parse_finite_option(std::string_view text, std::string_view option);

// The shortest decimal text that parse_finite_double reads back as exactly `value`: "0.2",
// not "0.20000000000000001"; "0.2500001", not %g's "0.25". For messages that quote a number.
std::string number_text(double value);

}  // namespace scalelab
