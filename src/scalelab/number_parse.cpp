// SPDX-License-Identifier: MIT
#include "scalelab/number_parse.hpp"

#include <charconv>
#include <cmath>
#include <string>
#include <system_error>

#include "scalelab/errors.hpp"
#include "scalelab/quote.hpp"

namespace scalelab {

bool parse_finite_double(std::string_view text, double& value) {
  if (text.empty()) return false;
  // from_chars: no locale, no blanks, no '+', no hex in the general format; overflow and
  // underflow to zero are result_out_of_range. "inf" and "nan" parse, isfinite refuses them.
  double parsed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(parsed)) {
    return false;
  }
  value = parsed;
  return true;
}

double parse_finite_option(std::string_view text, std::string_view option) {
  double value = 0;
  if (!parse_finite_double(text, value)) {
    throw UsageError(std::string(option) + ": " + quote_input(text, 60) +
                     " is not a finite decimal number (like 3, -0.5 or 2e-3)");
  }
  return value;
}

std::string number_text(double value) {
  char text[32];
  return std::string(text, std::to_chars(text, text + sizeof text, value).ptr);
}

}  // namespace scalelab
