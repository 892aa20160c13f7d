// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace scalelab {

// A small JSON value for building run records. Objects keep insertion order so records
// read in the order docs/records.md documents. Non-finite doubles serialise as null (JSON has
// no NaN), which readers treat as "not measured".
class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::vector<std::pair<std::string, Json>>;

  Json() : value_(nullptr) {}
  Json(std::nullptr_t) : value_(nullptr) {}
  Json(bool b) : value_(b) {}
  Json(int i) : value_(static_cast<std::int64_t>(i)) {}
  Json(long i) : value_(static_cast<std::int64_t>(i)) {}
  Json(long long i) : value_(static_cast<std::int64_t>(i)) {}
  Json(unsigned u) : value_(static_cast<std::uint64_t>(u)) {}
  Json(unsigned long u) : value_(static_cast<std::uint64_t>(u)) {}
  Json(unsigned long long u) : value_(static_cast<std::uint64_t>(u)) {}
  Json(double d) : value_(d) {}
  Json(const char* s) : value_(std::string(s)) {}
  Json(std::string s) : value_(std::move(s)) {}
  Json(std::string_view s) : value_(std::string(s)) {}
  Json(Array a) : value_(std::move(a)) {}
  Json(Object o) : value_(std::move(o)) {}

  static Json object() { return Json(Object{}); }
  static Json array() { return Json(Array{}); }
  static Json object(std::initializer_list<std::pair<std::string, Json>> members);

  // Sets (or replaces) a member of an object; returns *this for chaining.
  Json& set(std::string_view key, Json value);
  // Appends to an array.
  Json& push(Json value);

  bool is_object() const { return std::holds_alternative<Object>(value_); }
  bool is_array() const { return std::holds_alternative<Array>(value_); }
  bool is_number() const {
    return std::holds_alternative<double>(value_) || std::holds_alternative<std::int64_t>(value_) ||
           std::holds_alternative<std::uint64_t>(value_);
  }
  // Member lookup in an object; nullptr when absent.
  const Json* find(std::string_view key) const;

  // Typed reads; throw std::logic_error on the wrong type (numbers convert between kinds).
  bool as_bool() const;
  double as_double() const;
  std::uint64_t as_uint() const;
  const std::string& as_string() const;
  const Object& as_object() const;
  const Array& as_array() const;
  // Member of an object that must be present; throws std::out_of_range naming the key.
  const Json& at(std::string_view key) const;

  // Compact single-line serialisation (no newline), as JSON Lines needs.
  std::string dump() const;

 private:
  void dump_to(std::string& out) const;

  std::variant<std::nullptr_t, bool, std::int64_t, std::uint64_t, double, std::string, Array,
               Object>
      value_;
};

// Escapes a string for inclusion in JSON, quotes included. The result is valid UTF-8 whatever
// the bytes: valid UTF-8 sequences are kept, each byte of an invalid one (Latin-1, overlong
// forms, surrogates, a sequence cut short) becomes U+FFFD; control characters are escaped.
std::string json_quote(std::string_view text);

}  // namespace scalelab
