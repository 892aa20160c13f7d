// SPDX-License-Identifier: MIT
// Preloaded (LD_PRELOAD) into the AddressSanitizer test runs by scripts/sanitize.sh:
// dlclose does nothing, so the shared objects a process loaded stay mapped until it exits.
//
// Why: Open MPI loads its transports and other components as plugins and dlcloses them in
// MPI_Finalize. LeakSanitizer reports at exit, when the allocations those plugins keep for
// the life of the process would have a stack of nameless addresses that no suppression can
// match. Kept loaded, their frames name their module (mca_*.so), which
// tests/sanitizers/lsan.supp suppresses. The alternative, ASan's full unwinder on every
// malloc, made the test runs several times slower.
int dlclose(void* handle) {
  (void)handle;
  return 0;
}
