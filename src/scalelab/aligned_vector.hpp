// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <new>
#include <utility>
#include <vector>

namespace scalelab {

// Allocator that aligns to a cache line and leaves elements uninitialised, so that the
// first write (first touch) decides which thread's NUMA node the pages land on. A plain
// std::vector<double>(n) zero-fills on the allocating thread and defeats that.
template <class T, std::size_t Alignment = 64>
struct FirstTouchAllocator {
  using value_type = T;
  template <class U>
  struct rebind {
    using other = FirstTouchAllocator<U, Alignment>;
  };

  FirstTouchAllocator() = default;
  template <class U>
  FirstTouchAllocator(const FirstTouchAllocator<U, Alignment>&) {}

  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(Alignment)));
  }
  void deallocate(T* p, std::size_t) { ::operator delete(p, std::align_val_t(Alignment)); }

  // Default-initialisation: no value written for trivial types.
  template <class U>
  void construct(U* p) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  friend bool operator==(const FirstTouchAllocator&, const FirstTouchAllocator&) { return true; }
};

template <class T>
using FirstTouchVector = std::vector<T, FirstTouchAllocator<T>>;

}  // namespace scalelab
