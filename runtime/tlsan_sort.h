//===-- tlsan_sort.h - sorting without libstdc++
//---------------------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Heap sort (O(n log n), no recursion, no allocation) and binary search, for
// the leak pass and the report. Leak pass only.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_SORT_H
#define TLSAN_SORT_H

#include "tlsan_internal.h"

namespace __tlsan {

template <typename T, typename Less>
void Sort(T *v, uptr n, Less less) {
  if (n < 2) return;
  auto sift_down = [&](uptr root, uptr end) {
    for (;;) {
      uptr child = 2 * root + 1;
      if (child >= end) return;
      if (child + 1 < end && less(v[child], v[child + 1])) child++;
      if (!less(v[root], v[child])) return;
      T tmp = v[root];
      v[root] = v[child];
      v[child] = tmp;
      root = child;
    }
  };
  for (uptr i = n / 2; i-- > 0;) sift_down(i, n);
  for (uptr end = n - 1; end > 0; end--) {
    T tmp = v[0];
    v[0] = v[end];
    v[end] = tmp;
    sift_down(0, end);
  }
}

template <typename T>
void Sort(T *v, uptr n) {
  Sort(v, n, [](const T &a, const T &b) { return a < b; });
}

template <typename T>
bool BinarySearch(const T *v, uptr n, const T &key) {
  uptr lo = 0, hi = n;
  while (lo < hi) {
    uptr mid = lo + (hi - lo) / 2;
    if (v[mid] < key)
      lo = mid + 1;
    else if (key < v[mid])
      hi = mid;
    else
      return true;
  }
  return false;
}

}  // namespace __tlsan

#endif  // TLSAN_SORT_H
