// SPDX-License-Identifier: MIT
#include "scalelab/streaming_store.hpp"

#include <CLI/CLI.hpp>

#include "scalelab/errors.hpp"
#include "scalelab/machine.hpp"

namespace scalelab {

bool streaming_stores_available() {
  return streaming_isa() != "none";
}

std::string streaming_isa() {
#if defined(__AVX512F__)
  return "avx512";
#elif defined(__AVX__)
  return "avx";
#elif defined(__SSE2__)
  return "sse2";
#else
  return "none";
#endif
}

Stores resolve_stores(StoresOption option, double working_set_bytes) {
  switch (option) {
    case StoresOption::kPlain:
      return Stores::kPlain;
    case StoresOption::kStreaming:
      if (!streaming_stores_available()) {
        throw UsageError(
            "--stores streaming: this build's instruction set has no non-temporal stores");
      }
      return Stores::kStreaming;
    case StoresOption::kAuto:
      break;
  }
  const bool evicted_anyway = working_set_bytes > static_cast<double>(last_level_cache_bytes());
  return evicted_anyway && streaming_stores_available() ? Stores::kStreaming : Stores::kPlain;
}

const char* stores_name(Stores stores) {
  return stores == Stores::kStreaming ? "streaming" : "plain";
}

void add_stores_option(CLI::App& cli, StoresOption& option) {
  cli.add_option_function<std::string>(
         "--stores",
         [&option](const std::string& name) {
           option = name == "plain"       ? StoresOption::kPlain
                    : name == "streaming" ? StoresOption::kStreaming
                                          : StoresOption::kAuto;
         },
         "How results are written: streaming (non-temporal: no write-allocate read), plain, "
         "or auto: streaming when this rank's arrays exceed the last-level cache (default auto)")
      ->check(CLI::IsMember({"auto", "plain", "streaming"}))
      ->type_name("auto|plain|streaming");
}

}  // namespace scalelab
