// SPDX-License-Identifier: MIT
#pragma once

// The CSV record format and its hand-written scanner, shared by every variant (inline: the
// scanner is the hot loop). A record is one line `SETTLEMENTDATE,DUID,SCADAVALUE`, e.g.
// `2024/01/01 00:05:00,BAYSW1,659.87`; no quoting (dispatch files never quote). A line may end
// in "\r\n" (files exported on Windows) and the last line may lack its newline.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "scalelab/number_parse.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace scalelab::groupby {

inline constexpr std::string_view kHeader = "SETTLEMENTDATE,DUID,SCADAVALUE";

// Why a line is malformed. kNone: a good row.
enum class Bad : std::uint8_t { kNone, kEmpty, kFieldCount, kTimestamp, kUnit, kValue };

inline const char* describe(Bad bad) {
  switch (bad) {
    case Bad::kNone:
      return "ok";
    case Bad::kEmpty:
      return "empty line";
    case Bad::kFieldCount:
      return "expected 3 comma-separated fields (SETTLEMENTDATE,DUID,SCADAVALUE)";
    case Bad::kTimestamp:
      return "SETTLEMENTDATE is not a time 'YYYY/MM/DD HH:MM:SS' (1970..2099)";
    case Bad::kUnit:
      return "DUID is empty";
    case Bad::kValue:
      return "SCADAVALUE is not a finite number";
  }
  return "?";
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil):
// integer arithmetic only, so a timestamp becomes its integer key without mktime/timegm.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr unsigned days_in_month(unsigned y, unsigned m) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// `YYYY/MM/DD HH:MM:SS` -> seconds since the epoch (UTC, as the market clock has no DST).
// Years 1970..2099 keep the key below 2^32, so it packs with a unit index into one 64-bit key.
inline bool parse_timestamp(std::string_view s, std::int64_t& seconds) {
  if (s.size() != 19 || s[4] != '/' || s[7] != '/' || s[10] != ' ' || s[13] != ':' ||
      s[16] != ':') {
    return false;
  }
  unsigned v[6];
  constexpr int kAt[6] = {0, 5, 8, 11, 14, 17};
  for (int f = 0; f < 6; ++f) {
    const int len = f == 0 ? 4 : 2;
    unsigned x = 0;
    for (int i = 0; i < len; ++i) {
      const unsigned digit = static_cast<unsigned char>(s[kAt[f] + i]) - '0';
      if (digit > 9) return false;
      x = x * 10 + digit;
    }
    v[f] = x;
  }
  if (v[0] < 1970 || v[0] > 2099 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
      v[2] > days_in_month(v[0], v[1]) || v[3] > 23 || v[4] > 59 || v[5] > 59) {
    return false;
  }
  seconds = days_from_civil(v[0], v[1], v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
  return true;
}

// The inverse, for the output table.
inline std::string format_timestamp(std::int64_t seconds) {
  std::int64_t z = seconds / 86400 + 719468;  // civil_from_days
  const std::int64_t secs = seconds % 86400;
  const std::int64_t era = z / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  char out[96];  // room for any int64 fields, so the compiler sees no truncation
  std::snprintf(out, sizeof out, "%04lld/%02u/%02u %02lld:%02lld:%02lld", static_cast<long long>(y),
                m, d, static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  return out;
}

// std::from_chars for the plain decimals a dispatch file holds ("659.87", "-3", "0.5"), in
// the fast case of Clinger's algorithm: with at most 18 digits and at most 22 after the point,
// the digits form an integer m < 2^53 and 10^f is exact, so m / 10^f is ONE correctly rounded
// IEEE division, bit for bit the double from_chars returns. Anything else (an exponent, more
// digits, "inf", no digits) is handed to from_chars itself. Same contract as from_chars.
inline std::from_chars_result parse_decimal(const char* first, const char* last, double& value) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const char* p = first;
  const bool negative = p < last && *p == '-';
  if (negative) ++p;
  std::uint64_t m = 0;
  int digits = 0, fraction = -1;  // fraction: digits after the point; -1 = no point yet
  for (; p < last; ++p) {
    const unsigned d = static_cast<unsigned char>(*p) - '0';
    if (d <= 9) {
      m = m * 10 + d;
      ++digits;
      if (fraction >= 0) ++fraction;
    } else if (*p == '.' && fraction < 0) {
      fraction = 0;
    } else {
      break;
    }
  }
  const bool exponent_follows = p < last && (*p == 'e' || *p == 'E');
  if (digits == 0 || digits > 18 || fraction > 22 || m > (std::uint64_t{1} << 53) ||
      exponent_follows) {
    return std::from_chars(first, last, value);
  }
  const double magnitude = static_cast<double>(m) / kPow10[fraction < 0 ? 0 : fraction];
  value = negative ? -magnitude : magnitude;
  return {p, std::errc()};
}

// A finite double, the whole field and nothing else: ScaleLab's one number parser
// (parse_finite_double: no blanks, '+', hex, inf, nan, 1e-400 or 1e309), with
// parse_decimal's bit-identical fast path for plain decimals. The verifier reads values
// with this function too.
inline bool parse_value(std::string_view s, double& value) {
  const auto [end, ec] = parse_decimal(s.data(), s.data() + s.size(), value);
  if (ec == std::errc() && end == s.data() + s.size() && end != s.data() && std::isfinite(value))
    return true;
  return parse_finite_double(s, value);
}

struct Row {
  std::int64_t time = 0;  // seconds since the epoch
  std::string_view unit;
  double value = 0;
};

// One line without its '\n' (a trailing '\r' is dropped here).
inline Bad parse_row(std::string_view line, Row& row) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.empty()) return Bad::kEmpty;
  const std::size_t c1 = line.find(',');
  if (c1 == std::string_view::npos) return Bad::kFieldCount;
  const std::size_t c2 = line.find(',', c1 + 1);
  if (c2 == std::string_view::npos || line.find(',', c2 + 1) != std::string_view::npos) {
    return Bad::kFieldCount;
  }
  if (!parse_timestamp(line.substr(0, c1), row.time)) return Bad::kTimestamp;
  row.unit = line.substr(c1 + 1, c2 - c1 - 1);
  if (row.unit.empty()) return Bad::kUnit;
  if (!parse_value(line.substr(c2 + 1), row.value)) return Bad::kValue;
  return Bad::kNone;
}

// What one scan of a piece of text saw. Line numbers are relative to the piece (1-based), so
// the caller adds the number of lines before the piece (other threads', other ranks').
struct ScanStats {
  std::uint64_t lines = 0;  // records started in the piece, header included
  std::uint64_t rows = 0;   // good rows
  std::uint64_t bad = 0;
  std::uint64_t first_bad = 0;  // relative line of the first malformed one; 0: none
  Bad first_reason = Bad::kNone;
};

// The 19 bytes of a timestamp equal: three overlapping 8-byte loads (memcmp of 19 bytes is a
// library call, on every row).
inline bool same_stamp(const char* a, const char* b) {
  std::uint64_t x[3], y[3];
  for (int i = 0; i < 3; ++i) {
    std::memcpy(&x[i], a + (i < 2 ? 8 * i : 11), 8);
    std::memcpy(&y[i], b + (i < 2 ? 8 * i : 11), 8);
  }
  return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2])) == 0;
}

// The first ',' or '\n' in [p, end), or end: 16 bytes per step where 16 are left (a unit id
// is a few bytes; a byte loop mispredicts at its end every row).
inline const char* find_comma_or_newline(const char* p, const char* end) {
#if defined(__SSE2__)
  if (end - p >= 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const auto hits = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
        _mm_cmpeq_epi8(block, _mm_set1_epi8(',')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\n')))));
    if (hits != 0) return p + __builtin_ctz(hits);
    p += 16;
  }
#endif
  while (p < end && *p != ',' && *p != '\n') ++p;
  return p;
}

// Calls on_row(const Row&) for every good line of `text` (whole lines: it starts at a record
// start and ends after a newline or at the end of the file). `skip_header`: the piece starts
// the file, whose first line is the header (checked once elsewhere).
//
// The fast path reads a good line once, left to right: the timestamp is the first 19 bytes
// (reparsed only when they differ from the previous line's: a dispatch file repeats each
// time for every unit), the unit runs to the next comma, and parse_decimal reads the value and
// stops at the line end, so good lines need no separate search for '\n'. Anything unusual
// falls back to finding the line end and parse_row, which decides (and names) what is wrong;
// the two agree on which lines are good (tested).
template <class OnRow>
void scan_lines(std::string_view text, bool skip_header, ScanStats& stats, OnRow&& on_row) {
  const char* p = text.data();
  const char* const end = p + text.size();
  Row row;
  char last_stamp[19] = {};
  std::int64_t last_time = 0;
  bool have_stamp = false;
  if (skip_header && p < end) {
    ++stats.lines;
    const auto* nl =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    p = nl != nullptr ? nl + 1 : end;
  }
  while (p < end) {
    ++stats.lines;
    // Fast path.
    if (end - p > 20 && p[19] == ',') {
      bool stamp_ok = have_stamp && same_stamp(p, last_stamp);
      if (!stamp_ok && parse_timestamp(std::string_view(p, 19), last_time)) {
        std::memcpy(last_stamp, p, 19);
        have_stamp = stamp_ok = true;
      }
      const char* u = p + 20;
      const char* q = find_comma_or_newline(u, end);
      if (stamp_ok && q < end && *q == ',' && q > u) {
        const auto [r, ec] = parse_decimal(q + 1, end, row.value);
        const char* next = nullptr;
        if (ec == std::errc() && std::isfinite(row.value) && r > q + 1) {
          if (r == end) {
            next = end;
          } else if (*r == '\n') {
            next = r + 1;
          } else if (*r == '\r' && (r + 1 == end || r[1] == '\n')) {
            next = r + (r + 1 == end ? 1 : 2);
          }
        }
        if (next != nullptr) {
          row.time = last_time;
          row.unit = std::string_view(u, static_cast<std::size_t>(q - u));
          ++stats.rows;
          on_row(row);
          p = next;
          continue;
        }
      }
    }
    // Slow path: the whole line, classified by parse_row.
    const auto* nl =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    const char* line_end = nl != nullptr ? nl : end;
    const Bad bad = parse_row(std::string_view(p, static_cast<std::size_t>(line_end - p)), row);
    if (bad == Bad::kNone) {
      ++stats.rows;
      on_row(row);
    } else if (stats.bad++ == 0) {
      stats.first_bad = stats.lines;
      stats.first_reason = bad;
    }
    p = line_end + 1;
  }
}

inline bool is_newline(unsigned char c) {
  return c == '\n';
}

}  // namespace scalelab::groupby
