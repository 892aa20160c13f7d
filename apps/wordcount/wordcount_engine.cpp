// SPDX-License-Identifier: MIT
// The pieces every counting model's timed step is made of: read, count, merge, exchange,
// and the reader/worker pipeline.
#include <omp.h>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "scalelab/byte_buffer.hpp"
#include "scalelab/timer.hpp"
#include "wordcount.hpp"

namespace scalelab::wordcount {

Span aligned_split(const char* data, std::size_t n, std::size_t parts, std::size_t part) {
  auto start_at_or_after = [&](std::size_t pos) {
    if (pos == 0 || pos >= n) return std::min(pos, n);
    // The first word start at or after pos: just after the first separator at or after pos-1.
    for (std::size_t i = pos - 1; i < n; ++i)
      if (separator_for_split(static_cast<unsigned char>(data[i]))) return i + 1;
    return n;
  };
  const Range nominal = block_range(n, parts, part);
  return {start_at_or_after(nominal.begin), start_at_or_after(nominal.end)};
}

namespace {

// Counts every word of data[begin, end) into map. Software-pipelined: a word is hashed and
// its slot prefetched kAhead words before it is added, so the cache misses of rare words
// overlap instead of stalling the scan one after the other.
template <bool Alpha>
void count_span_as(const char* data, std::size_t begin, std::size_t end, CountMap& map) {
  constexpr std::size_t kAhead = 8;  // a power of two
  struct Pending {
    const char* p;
    std::size_t length;
    std::uint64_t hash;
  };
  Pending ring[kAhead];
  std::size_t queued = 0;
  scan_words<Alpha>(data, begin, end, [&](const char* p, std::size_t length) {
    const std::uint64_t hash = hash_word(p, length);
    map.prefetch(hash);
    Pending& slot = ring[queued & (kAhead - 1)];
    if (queued >= kAhead) map.add(slot.hash, slot.p, slot.length);
    slot = {p, length, hash};
    ++queued;
  });
  const std::size_t first = queued > kAhead ? queued - kAhead : 0;
  for (std::size_t i = first; i < queued; ++i) {
    const Pending& q = ring[i & (kAhead - 1)];
    map.add(q.hash, q.p, q.length);
  }
}

void count_span(const char* data, std::size_t begin, std::size_t end, bool alpha, CountMap& map) {
  if (alpha) {
    count_span_as<true>(data, begin, end, map);
  } else {
    count_span_as<false>(data, begin, end, map);
  }
}

std::uint64_t starts_in(const char* data, std::size_t begin, std::size_t end, bool alpha) {
  return alpha ? count_word_starts<true>(data, begin, end)
               : count_word_starts<false>(data, begin, end);
}

// --total-only: the words of data[0, n), counted by word starts with `threads` threads.
std::uint64_t total_parallel(const char* data, std::size_t n, const Tokenizer& tok, int threads) {
  if (threads == 1) return starts_in(data, 0, n, tok.alpha);
  std::uint64_t words = 0;
#pragma omp parallel num_threads(threads) reduction(+ : words)
  {
    const auto t = static_cast<std::size_t>(omp_get_thread_num());
    const Span mine = aligned_split(data, n, static_cast<std::size_t>(threads), t);
    words += starts_in(data, mine.begin, mine.end, tok.alpha);
  }
  return words;
}

// Counts data[0, n) with `threads` threads, each into its own map.
void count_parallel(char* data, std::size_t n, const Tokenizer& tok, int threads,
                    std::vector<CountMap>& maps) {
  if (threads == 1) {
    if (tok.lower) fold_lower(data, n);
    count_span(data, 0, n, tok.alpha, maps[0]);
    return;
  }
#pragma omp parallel num_threads(threads)
  {
    const auto t = static_cast<std::size_t>(omp_get_thread_num());
    if (tok.lower) {
      // Fold by plain blocks first, all of them, so no thread reads bytes still being folded.
      const Range block = block_range(n, static_cast<std::uint64_t>(threads), t);
      fold_lower(data + block.begin, block.size());
#pragma omp barrier
    }
    // Split only now: finding a word boundary reads bytes of the neighbouring block, which
    // its thread may still have been folding (ThreadSanitizer found that race).
    const Span mine = aligned_split(data, n, static_cast<std::size_t>(threads), t);
    count_span(data, mine.begin, mine.end, tok.alpha, maps[t]);
  }
}

// Serialised entries of the exchange: [hash u64][count u64][length u32][bytes].
void append_entry(std::string& out, const CountMap::Slot& s) {
  const auto length = static_cast<std::uint32_t>(s.length());
  ByteWriter(out).put(s.hash).put(s.count).put(length).put_bytes({s.data(), length});
}

// The entries in the first `size` bytes of `in`.
template <class F>
void for_each_entry(const std::string& in, std::size_t size, F&& f) {
  ByteReader reader(std::string_view(in.data(), size), "wordcount: counts from a rank");
  while (!reader.done()) {
    const auto hash = reader.get<std::uint64_t>();
    const auto count = reader.get<std::uint64_t>();
    const auto length = reader.get<std::uint32_t>();
    f(hash, reader.get_bytes(length).data(), length, count);
  }
}

}  // namespace

double WordcountWorkload::read_local(int threads) {
  if (corpus_) return 0;
  const Stopwatch watch;
  // Every file's range in `threads` raw pieces (alignment does not matter here: the pieces
  // land where they belong in one buffer), read by the threads in parallel.
  struct Piece {
    std::size_t file;
    Range bytes;
    std::size_t at;
  };
  std::vector<Piece> pieces;
  std::size_t at = 0;
  for (std::size_t f = 0; f < files_.size(); ++f) {
    for (int t = 0; t < threads; ++t) {
      const Range bytes = block_range(ranges_[f], static_cast<std::uint64_t>(threads),
                                      static_cast<std::uint64_t>(t));
      if (bytes.size() > 0) pieces.push_back({f, bytes, at + (bytes.begin - ranges_[f].begin)});
    }
    at += ranges_[f].size();
    buffer_[at++] = '\n';  // files never join: a word ends with its file
  }
  const auto n = static_cast<std::int64_t>(pieces.size());
  std::exception_ptr failure;
#pragma omp parallel for num_threads(threads) schedule(static, 1) if (threads > 1)
  for (std::int64_t i = 0; i < n; ++i) {
    const Piece& piece = pieces[static_cast<std::size_t>(i)];
    try {
      files_[piece.file].read_into(piece.bytes, buffer_.data() + piece.at);
    } catch (...) {  // an exception must not leave an OpenMP region
#pragma omp critical(wordcount_read_failure)
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
  buffer_size_ = at;
  return watch.seconds();
}

void WordcountWorkload::count_buffer(int threads) {
  if (total_only_) {
    local_words_ = total_parallel(buffer_.data(), buffer_size_, tok_, threads);
    return;
  }
  for (int t = 0; t < threads; ++t) maps_[static_cast<std::size_t>(t)].clear();
  count_parallel(buffer_.data(), buffer_size_, tok_, threads, maps_);
}

void WordcountWorkload::read_and_count(int threads, PhaseTimes& times) {
  if (params_->pipeline) {
    run_pipeline(threads, times);
    return;
  }
  times.read = read_local(threads);
  const Stopwatch watch;
  count_buffer(threads);
  times.count = watch.seconds();
}

void WordcountWorkload::merge_threads(int threads) {
  if (parts_.size() != static_cast<std::size_t>(threads))
    parts_.resize(static_cast<std::size_t>(threads));
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    CountMap& mine = parts_[static_cast<std::size_t>(t)];
    mine.clear();
    for (const CountMap& map : maps_) {
      map.for_each([&](const CountMap::Slot& s) {
        if (partition_of(s.hash, threads) == t) mine.add(s.hash, s.data(), s.length(), s.count);
      });
    }
  }
}

void WordcountWorkload::exchange(const RunContext& ctx, int threads) {
  const int ranks = ctx.comm.size();
  const auto nr = static_cast<std::size_t>(ranks);
  const auto nt = static_cast<std::size_t>(threads);
  // Each thread serialises its own map by owner rank; then one message per rank.
  std::vector<std::vector<std::string>> local(nt, std::vector<std::string>(nr));
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    const auto t = static_cast<std::size_t>(omp_get_thread_num());
    maps_[t].for_each([&](const CountMap::Slot& s) {
      append_entry(local[t][static_cast<std::size_t>(owner_of(s.hash, ranks))], s);
    });
  }
  std::vector<std::string> outgoing(nr);
  sent_bytes_ = 0;
  for (std::size_t r = 0; r < nr; ++r) {
    if (nt == 1) {
      outgoing[r] = std::move(local[0][r]);
      continue;
    }
    std::size_t bytes = 0;
    for (std::size_t t = 0; t < nt; ++t) bytes += local[t][r].size();
    outgoing[r].reserve(bytes);
    for (std::size_t t = 0; t < nt; ++t) outgoing[r] += local[t][r];
  }
  for (std::size_t r = 0; r < nr; ++r)
    if (static_cast<int>(r) != ctx.comm.rank()) sent_bytes_ += outgoing[r].size();
  std::vector<std::string> incoming = ctx.comm.all_to_all(outgoing);
  std::vector<std::size_t> sizes;
  for (std::string& in : incoming) {
    sizes.push_back(in.size());
    in.append(16, '\0');  // CountMap::add compares whole 8-byte words
  }
  if (parts_.size() != nt) parts_.resize(nt);
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    const int t = omp_get_thread_num();
    CountMap& mine = parts_[static_cast<std::size_t>(t)];
    mine.clear();
    for (std::size_t r = 0; r < incoming.size(); ++r) {
      for_each_entry(
          incoming[r], sizes[r],
          [&](std::uint64_t hash, const char* p, std::uint32_t length, std::uint64_t count) {
            if (threads == 1 || partition_of(hash, threads) == t) mine.add(hash, p, length, count);
          });
    }
  }
}

// Producer -> workers: the reader thread fills one buffer while the workers count the other.
void WordcountWorkload::run_pipeline(int threads, PhaseTimes& times) {
  local_words_ = 0;
  for (int t = 0; t < threads; ++t) maps_[static_cast<std::size_t>(t)].clear();
  struct Slot {
    std::vector<char> data;
    std::size_t size = 0;
    bool full = false;
  };
  Slot slots[2];
  std::mutex mutex;
  std::condition_variable changed;
  bool done = false;
  std::exception_ptr failure;
  const std::size_t chunk = params_->chunk;
  double read_seconds = 0;
  std::uint64_t chunks = 0;

  std::thread reader([&] {
    try {
      std::vector<char> carry;  // the partial word at the end of the previous chunk
      std::size_t next = 0;
      for (std::size_t f = 0; f < files_.size(); ++f) {
        carry.clear();
        const Range range = ranges_[f];
        for (std::uint64_t pos = range.begin; pos < range.end;) {
          Slot& slot = slots[next];
          {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return !slot.full; });
          }
          const std::uint64_t n = std::min<std::uint64_t>(chunk, range.end - pos);
          if (slot.data.size() < carry.size() + n + kPadding)
            slot.data.resize(carry.size() + n + kPadding);
          std::copy(carry.begin(), carry.end(), slot.data.begin());
          const Stopwatch watch;
          files_[f].read_into({pos, pos + n}, slot.data.data() + carry.size());
          read_seconds += watch.seconds();
          pos += n;
          std::size_t size = carry.size() + n;
          carry.clear();
          if (pos < range.end) {  // cut after the last whitespace; carry the rest
            std::size_t cut = size;
            while (cut > 0 && !separator_for_split(static_cast<unsigned char>(slot.data[cut - 1])))
              --cut;
            carry.assign(slot.data.begin() + static_cast<std::ptrdiff_t>(cut),
                         slot.data.begin() + static_cast<std::ptrdiff_t>(size));
            size = cut;
            if (size == 0) continue;  // one word longer than the chunk: keep reading it
          }
          {
            std::lock_guard lock(mutex);
            slot.size = size;
            slot.full = true;
            ++chunks;
          }
          changed.notify_all();
          next ^= 1;
        }
      }
    } catch (...) {
      std::lock_guard lock(mutex);
      failure = std::current_exception();
    }
    {
      std::lock_guard lock(mutex);
      done = true;
    }
    changed.notify_all();
  });

  std::size_t next = 0;
  for (;;) {
    Slot& slot = slots[next];
    const Stopwatch wait;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return slot.full || done; });
      if (!slot.full) break;  // done, and nothing left in this slot
    }
    times.read += wait.seconds();
    const Stopwatch count;
    if (total_only_) {
      local_words_ += total_parallel(slot.data.data(), slot.size, tok_, threads);
    } else {
      count_parallel(slot.data.data(), slot.size, tok_, threads, maps_);
    }
    times.count += count.seconds();
    {
      std::lock_guard lock(mutex);
      slot.full = false;
    }
    changed.notify_all();
    next ^= 1;
  }
  reader.join();
  if (failure) std::rethrow_exception(failure);
  times.read_total = read_seconds;
  times.chunks = chunks;
}

}  // namespace scalelab::wordcount
