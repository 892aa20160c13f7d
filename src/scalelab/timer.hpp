#pragma once

#include <chrono>

namespace scalelab {

// Wall-clock seconds since construction (steady clock: immune to NTP adjustments).
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace scalelab
