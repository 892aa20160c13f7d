// SPDX-License-Identifier: MIT
// scalelab-wordcount-corpus BYTES [SEED]: writes the generated corpus (corpus.hpp) of
// BYTES bytes to stdout: exactly what scalelab-wordcount --generate BYTES --seed SEED counts
// in memory. For data/ samples and for the benchmark's corpus file.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "corpus.hpp"
#include "scalelab/size_parse.hpp"

int main(int argc, char** argv) {
  using namespace scalelab::wordcount;
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: scalelab-wordcount-corpus BYTES [SEED] > FILE\n");
    return 2;
  }
  try {
    const std::uint64_t bytes = scalelab::parse_size(argv[1], "BYTES");
    const std::uint64_t seed = argc == 3 ? std::stoull(argv[2]) : 42;
    const Corpus corpus(seed, bytes);
    constexpr std::uint64_t kBatch = 256;  // blocks per write
    std::vector<char> buffer(kBatch * kBlockBytes);
    for (std::uint64_t b = 0; b < corpus.blocks(); b += kBatch) {
      const scalelab::Range blocks{b, std::min(b + kBatch, corpus.blocks())};
      corpus.generate(blocks, buffer.data());
      const std::size_t n = corpus.byte_range(blocks).size();
      if (std::fwrite(buffer.data(), 1, n, stdout) != n) {
        std::perror("scalelab-wordcount-corpus: write");
        return 3;
      }
    }
    return std::fflush(stdout) == 0 ? 0 : 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scalelab-wordcount-corpus: %s\n", e.what());
    return 2;
  }
}
