// SPDX-License-Identifier: MIT
// The phase steps variants chain in run(): read, canonicalise, shuffle (across ranks, then
// inside a rank), group, finish.
#include <algorithm>
#include <exception>

#include "anagrams.hpp"
#include "scalelab/byte_buffer.hpp"

namespace scalelab::anagrams {
namespace {

// f(t) for every t in [0, n) on the OpenMP threads, one t each. An exception may not leave
// a parallel region, so the first one is carried out and rethrown on the calling thread.
template <class F>
void for_each_thread(std::size_t n, F&& f) {
  std::exception_ptr failure;
#pragma omp parallel for schedule(static, 1)
  for (std::size_t t = 0; t < n; ++t) {
    try {
      f(t);
    } catch (...) {
#pragma omp critical(scalelab_anagrams_failure)
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

// Shuffle record: u32 length, u64 key hash, u64 word hash, the word's bytes, the key's bytes.

void pack(const Entry& e, std::string& out) {
  ByteWriter(out)
      .put(e.length)
      .put(e.hash)
      .put(e.word_hash)
      .put_bytes(e.word_view())
      .put_bytes(e.key_view());
}

// The entries point into `in`, which must outlive them.
void unpack(const std::string& in, std::vector<Entry>& out) {
  ByteReader reader(in, "anagrams: shuffled words from a rank");
  while (!reader.done()) {
    Entry e;
    e.length = reader.get<std::uint32_t>();
    e.hash = reader.get<std::uint64_t>();
    e.word_hash = reader.get<std::uint64_t>();
    e.word = reader.get_bytes(e.length).data();
    e.key = reader.get_bytes(e.length).data();
    out.push_back(e);
  }
}

}  // namespace

void AnagramsWorkload::read_parts() {
  if (!file_) return;  // a generated list is already in parts_
  timed(&Phases::read, [&] {
    for_each_thread(parts_.size(), [&](std::size_t t) { file_->read_into(ranges_[t], parts_[t]); });
  });
}

void AnagramsWorkload::canonicalise_parts(KeyFn key) {
  timed(&Phases::canonicalise, [&] {
    for_each_thread(parts_.size(), [&](std::size_t t) { canonicalise(parts_[t], key, canon_[t]); });
  });
}

void AnagramsWorkload::shuffle_to_ranks(const Comm& comm) {
  timed(&Phases::shuffle, [&] {
    const auto ranks = static_cast<std::size_t>(comm.size());
    // Each thread packs its own words, per destination; then one buffer per destination.
    std::vector<std::vector<std::string>> packed(canon_.size());
    for_each_thread(canon_.size(), [&](std::size_t t) {
      // Packed into a local vector first: the threads' vectors of packed are allocated side
      // by side, and appending in place would make the threads write one cache line.
      std::vector<std::string> mine(ranks);
      for (const Entry& e : canon_[t].entries) pack(e, mine[e.hash % ranks]);
      packed[t] = std::move(mine);
    });
    std::vector<std::string> outgoing(ranks);
    for (std::size_t r = 0; r < ranks; ++r)
      for (const auto& mine : packed) outgoing[r] += mine[r];
    incoming_ = comm.all_to_all(outgoing);
    received_.clear();
    for (const std::string& in : incoming_) unpack(in, received_);
  });
}

Summary AnagramsWorkload::group_threads(const std::vector<const std::vector<Entry>*>& sources) {
  Summary total;
  timed(&Phases::group, [&] {
    const auto threads = static_cast<std::size_t>(threads_);
    // Chunk t: entries [ceil(t N / T), ceil((t + 1) N / T)) of all the sources' N entries in
    // order (with one source per thread of equal size, that thread's own; after a shuffle,
    // a slice of what arrived).
    std::size_t total_entries = 0;
    for (const std::vector<Entry>* source : sources) total_entries += source->size();
    std::vector<PartitionedEntries::Spans> chunks(threads);
    std::size_t at = 0;  // entries handed out so far
    for (const std::vector<Entry>* source : sources) {
      for (std::size_t i = 0; i < source->size();) {
        // at < N, so chunk < T, and at < (chunk + 1) N / T <= chunk_end: n >= 1.
        const std::size_t chunk = at * threads / total_entries;
        const std::size_t chunk_end = ((chunk + 1) * total_entries + threads - 1) / threads;
        const std::size_t n = std::min(source->size() - i, chunk_end - at);
        chunks[chunk].emplace_back(source->data() + i, n);
        i += n;
        at += n;
      }
    }
    partitioned_.reset(total_entries, threads, threads);
    for_each_thread(threads, [&](std::size_t t) { partitioned_.count(t, chunks[t]); });
    partitioned_.place();
    for_each_thread(threads, [&](std::size_t t) { partitioned_.scatter(t, chunks[t]); });
    std::vector<Summary> parts(threads);
    const SummaryOptions options = summary_options();
    for_each_thread(threads, [&](std::size_t t) { parts[t] = partitioned_.group(t, options); });
    for (const Summary& part : parts) merge_into(total, part, options.top_k);
  });
  return total;
}

void AnagramsWorkload::finish(const RunContext& ctx, Summary local) {
  const Comm& comm = ctx.comm;
  timed(&Phases::group, [&] {
    if (comm.size() == 1) return;
    const std::vector<std::string> gathered = comm.gather(serialise(local));
    if (!comm.is_root()) return;
    Summary total;
    for (const std::string& part : gathered) merge_into(total, deserialise(part), params_->top_k);
    local = std::move(total);
  });
  // Every phase, 0 where this model has none, so every model's breakdown has the same keys.
  ctx.phases.add("read", current_.read);
  ctx.phases.add("canonicalise", current_.canonicalise);
  ctx.phases.add("shuffle", current_.shuffle);
  ctx.phases.add("group", current_.group);
  current_ = Phases{};
  if (!comm.is_root()) return;
  // Only the last run's group lines are written or compared; earlier ones are dropped.
  if (!summaries_.empty()) summaries_.back().lines.clear();
  summaries_.push_back(std::move(local));
}

}  // namespace scalelab::anagrams
