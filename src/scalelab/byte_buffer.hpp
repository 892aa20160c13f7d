// SPDX-License-Identifier: MIT
#pragma once

// Byte buffers for MPI exchanges: a ByteWriter appends numbers and strings to a std::string
// that one rank sends, a ByteReader reads them back, in the same order, from what another
// rank received. Numbers travel in the machine's representation: every rank of a job runs the
// same binary. The reader checks every read against the buffer's end, so a short or corrupt
// buffer (a bug in an exchange, never the user's input) is a RuntimeError, not a read past
// the end. Header-only: the workloads' exchanges call these once per word.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "scalelab/errors.hpp"

namespace scalelab {

class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}

  // `value` as sizeof(T) bytes.
  template <class T>
  ByteWriter& put(T value) {
    static_assert(std::is_arithmetic_v<T>, "ByteWriter::put writes integers and floats");
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out_.append(bytes, sizeof(T));
    return *this;
  }

  // The bytes as they are, no length: for a reader that knows it from an earlier field.
  ByteWriter& put_bytes(std::string_view bytes) {
    out_.append(bytes);
    return *this;
  }

  // A u64 length, then the bytes: ByteReader::get_string reads it back.
  ByteWriter& put_string(std::string_view text) {
    put(static_cast<std::uint64_t>(text.size()));
    return put_bytes(text);
  }

 private:
  std::string& out_;
};

class ByteReader {
 public:
  // `what` names the exchange in the error, e.g. "wordcount: word counts from a rank".
  ByteReader(std::string_view bytes, std::string_view what) : bytes_(bytes), what_(what) {}

  bool done() const { return at_ == bytes_.size(); }
  std::size_t remaining() const { return bytes_.size() - at_; }

  template <class T>
  T get() {
    static_assert(std::is_arithmetic_v<T>, "ByteReader::get reads integers and floats");
    need(sizeof(T));
    T value;
    std::memcpy(&value, bytes_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }

  // The next `count` bytes, as a view into the buffer (valid as long as the buffer is).
  std::string_view get_bytes(std::uint64_t count) {
    need(count);
    const std::string_view out = bytes_.substr(at_, static_cast<std::size_t>(count));
    at_ += static_cast<std::size_t>(count);
    return out;
  }

  // What put_string wrote.
  std::string_view get_string() { return get_bytes(get<std::uint64_t>()); }

  // A u64 count of items that follow, each at least `min_item_bytes` long: a count the rest
  // of the buffer cannot hold is refused before anyone allocates room for that many.
  std::uint64_t get_count(std::size_t min_item_bytes) {
    const auto count = get<std::uint64_t>();
    if (min_item_bytes > 0 && count > remaining() / min_item_bytes) need(count * min_item_bytes);
    return count;
  }

 private:
  void need(std::uint64_t count) const {
    if (count > remaining()) {
      throw RuntimeError(std::string(what_) + ": a short or corrupt buffer (" +
                         std::to_string(count) + " bytes needed at offset " + std::to_string(at_) +
                         " of " + std::to_string(bytes_.size()) + ")");
    }
  }

  std::string_view bytes_;
  std::string_view what_;
  std::size_t at_ = 0;
};

}  // namespace scalelab
