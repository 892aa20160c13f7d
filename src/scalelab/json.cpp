// SPDX-License-Identifier: MIT
#include "scalelab/json.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace scalelab {

Json Json::object(std::initializer_list<std::pair<std::string, Json>> members) {
  Json result = object();
  for (const auto& [key, value] : members) result.set(key, value);
  return result;
}

Json& Json::set(std::string_view key, Json value) {
  auto* members = std::get_if<Object>(&value_);
  if (members == nullptr) throw std::logic_error("Json::set on a non-object");
  for (auto& [existing, old] : *members) {
    if (existing == key) {
      old = std::move(value);
      return *this;
    }
  }
  members->emplace_back(std::string(key), std::move(value));
  return *this;
}

Json& Json::push(Json value) {
  auto* items = std::get_if<Array>(&value_);
  if (items == nullptr) throw std::logic_error("Json::push on a non-array");
  items->push_back(std::move(value));
  return *this;
}

const Json* Json::find(std::string_view key) const {
  const auto* members = std::get_if<Object>(&value_);
  if (members == nullptr) return nullptr;
  for (const auto& [existing, value] : *members) {
    if (existing == key) return &value;
  }
  return nullptr;
}

bool Json::as_bool() const {
  if (const auto* b = std::get_if<bool>(&value_)) return *b;
  throw std::logic_error("Json: not a bool");
}

double Json::as_double() const {
  if (const auto* d = std::get_if<double>(&value_)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&value_)) return static_cast<double>(*i);
  if (const auto* u = std::get_if<std::uint64_t>(&value_)) return static_cast<double>(*u);
  throw std::logic_error("Json: not a number");
}

std::uint64_t Json::as_uint() const {
  if (const auto* u = std::get_if<std::uint64_t>(&value_)) return *u;
  if (const auto* i = std::get_if<std::int64_t>(&value_); i && *i >= 0) {
    return static_cast<std::uint64_t>(*i);
  }
  throw std::logic_error("Json: not a non-negative integer");
}

const std::string& Json::as_string() const {
  if (const auto* s = std::get_if<std::string>(&value_)) return *s;
  throw std::logic_error("Json: not a string");
}

const Json::Object& Json::as_object() const {
  if (const auto* o = std::get_if<Object>(&value_)) return *o;
  throw std::logic_error("Json: not an object");
}

const Json::Array& Json::as_array() const {
  if (const auto* a = std::get_if<Array>(&value_)) return *a;
  throw std::logic_error("Json: not an array");
}

const Json& Json::at(std::string_view key) const {
  const Json* member = find(key);
  if (member == nullptr) throw std::out_of_range("Json: no member '" + std::string(key) + "'");
  return *member;
}

namespace {

// Length of the valid UTF-8 sequence starting at text[at] (RFC 3629: shortest form, no
// surrogates, at most U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8_sequence(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // shorter forms are overlong
    if (lead == 0xED) high = 0x9F;  // U+D800..DFFF are surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;  // a continuation byte, C0/C1 (overlong) or F5..FF
  }
  if (at + length > text.size()) return 0;
  if (byte(at + 1) < low || byte(at + 1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  }
  return length;
}

}  // namespace

std::string json_quote(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  static constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD in UTF-8
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (std::size_t at = 0; at < text.size();) {
    const char c = text[at];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      // JSON text is UTF-8: a valid sequence is kept, each byte of an invalid one becomes
      // U+FFFD, so a stray Latin-1 file name cannot make the whole record unreadable.
      const std::size_t length = utf8_sequence(text, at);
      if (length == 0) {
        out += kReplacement;
        ++at;
      } else {
        out.append(text.substr(at, length));
        at += length;
      }
      continue;
    }
    ++at;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out.push_back(kHex[byte >> 4]);
          out.push_back(kHex[byte & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string Json::dump() const {
  std::string out;
  dump_to(out);
  return out;
}

void Json::dump_to(std::string& out) const {
  struct Visitor {
    std::string& out;
    void operator()(std::nullptr_t) const { out += "null"; }
    void operator()(bool b) const { out += b ? "true" : "false"; }
    void operator()(std::int64_t i) const { out += std::to_string(i); }
    void operator()(std::uint64_t u) const { out += std::to_string(u); }
    void operator()(double d) const {
      if (!std::isfinite(d)) {
        out += "null";
        return;
      }
      char buffer[32];
      // Shortest text that reads back to the same double.
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);
      out.append(buffer, result.ptr);
    }
    void operator()(const std::string& s) const { out += json_quote(s); }
    void operator()(const Array& items) const {
      out.push_back('[');
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) out.push_back(',');
        items[i].dump_to(out);
      }
      out.push_back(']');
    }
    void operator()(const Object& members) const {
      out.push_back('{');
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i != 0) out.push_back(',');
        out += json_quote(members[i].first);
        out.push_back(':');
        members[i].second.dump_to(out);
      }
      out.push_back('}');
    }
  };
  std::visit(Visitor{out}, value_);
}

}  // namespace scalelab
