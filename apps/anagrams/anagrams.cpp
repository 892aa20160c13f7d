// SPDX-License-Identifier: MIT
#include "anagrams.hpp"

#include <sys/stat.h>

#include <cstdio>

#include "generate.hpp"
#include "groups_file.hpp"
#include "reference.hpp"
#include "scalelab/errors.hpp"
#include "scalelab/memory_check.hpp"
#include "scalelab/quote.hpp"

namespace scalelab::anagrams {
namespace {

std::string hex(std::uint64_t value) {
  char text[19];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

Json top_json(const std::vector<TopGroup>& top) {
  Json out = Json::array();
  for (const TopGroup& g : top) {
    Json members = Json::array();
    for (const std::string& m : g.members) members.push(m);
    out.push(Json::object({{"size", g.size}, {"key", g.key}, {"members", std::move(members)}}));
  }
  return out;
}

}  // namespace

std::uint64_t count_words(const std::string& path) {
  const InputFile file(path, "--input");
  // Rank 0 holds the whole list (its text and a key per word) to verify: refuse a list that
  // cannot fit before spending a scan of it on counting its words.
  check_fits_on_one_node(kRootBytesPerInputByte * static_cast<double>(file.size()),
                         "--input: " + quote_input(path));
  // The same rule as for_each_word, as a state machine, so a block boundary can fall anywhere.
  std::uint64_t words = 0;
  std::uint64_t line_bytes = 0;
  bool last_cr = false;
  std::string block;
  for (std::uint64_t at = 0; at < file.size(); at += block.size()) {
    file.read_into({at, at + (std::uint64_t{1} << 20)}, block);
    for (const char c : block) {
      if (c == '\n') {
        words += line_bytes > (last_cr ? 1u : 0u) ? 1 : 0;
        line_bytes = 0;
        last_cr = false;
      } else {
        ++line_bytes;
        last_cr = c == '\r';
      }
    }
  }
  words += line_bytes > (last_cr ? 1u : 0u) ? 1 : 0;
  if (words == 0) {
    throw UsageError("--input: " + quote_input(path) + " holds no words (an empty word list)");
  }
  return words;
}

void AnagramsWorkload::setup(const RunContext& ctx) {
  if (params_->naive && ctx.model != "serial")
    throw UsageError("--naive: the pairwise mode is anagrams/serial only (got --model " +
                     ctx.model + ")");
  if (params_->naive && ctx.global_size > kNaiveLimit)
    throw UsageError("--naive: " + std::to_string(ctx.global_size) + " words exceed the limit of " +
                     std::to_string(kNaiveLimit) +
                     " (pairwise grouping is O(n^2); without --naive the O(n) hash grouping "
                     "takes any size)");
  words_ = ctx.global_size;
  seed_ = ctx.seed;
  threads_ = ctx.threads;
  const auto threads = static_cast<std::uint64_t>(threads_);
  const auto ranks = static_cast<std::uint64_t>(ctx.comm.size());
  const auto rank = static_cast<std::uint64_t>(ctx.comm.rank());
  parts_.assign(threads, std::string());
  ranges_.assign(threads, Range{});
  std::uint64_t local_bytes = 0;
  if (!params_->input.empty()) {
    file_.emplace(params_->input, "--input");
    const Range mine = record_aligned_part(*file_, ranks, rank, is_newline);
    for (std::uint64_t t = 0; t < threads; ++t)
      ranges_[t] = record_aligned_part(*file_, mine, threads, t, is_newline);
    local_bytes = mine.size();
  } else {
    const Range mine = block_range(words_, ranks, rank);
    for (std::uint64_t t = 0; t < threads; ++t) {
      append_generated_words(words_, seed_, block_range(mine, threads, t), parts_[t]);
      local_bytes += parts_[t].size();
    }
  }
  local_bytes_ = local_bytes;  // summed in verify: no collective here, where a rank may throw
  canon_.assign(threads, CanonicalPart{});
  summaries_.clear();
  current_ = Phases{};
}

std::string AnagramsWorkload::whole_list() const {
  if (file_) return file_->read({0, file_->size()});
  std::string text;
  append_generated_words(words_, seed_, {0, words_}, text);
  return text;
}

Check AnagramsWorkload::verify(const RunContext& ctx) {
  bytes_ = ctx.comm.sum(local_bytes_);
  Check check;
  check.what = "every run's grouping (counts, digest, top K) equals a sort-based serial regrouping";
  check.passed = true;  // ranks other than 0 hold no summaries; rank 0 decides
  if (!ctx.comm.is_root()) return check;
  reference_ = reference_grouping(whole_list(), summary_options());
  std::uint64_t matching = 0;
  for (const Summary& s : summaries_) matching += s.same_grouping(reference_) ? 1 : 0;
  bool lines_match = true;
  if (!params_->groups_file.empty()) {
    lines_match = sorted_lines(summaries_.back().lines) == sorted_lines(reference_.lines);
    check.what += "; --groups lines equal";
  }
  check.passed = matching == summaries_.size() && lines_match;
  check.value = static_cast<double>(summaries_.back().multi_groups);
  check.expected = static_cast<double>(reference_.multi_groups);
  check.error = static_cast<double>(summaries_.size() - matching);
  check.details = Json::object({{"runs", summaries_.size()},
                                {"matching_runs", matching},
                                {"digest", hex(summaries_.back().digest)},
                                {"expected_digest", hex(reference_.digest)},
                                {"groups_lines_match", lines_match}});
  // Only a verified grouping is written out.
  if (check.passed && !params_->groups_file.empty())
    write_groups_file(params_->groups_file, summaries_.back().lines);
  return check;
}

Json AnagramsWorkload::params(const RunContext&) const {
  return Json::object({{"input", params_->input.empty() ? "generated" : params_->input},
                       {"words", words_},
                       {"bytes", bytes_},
                       {"top_k", params_->top_k},
                       {"naive", params_->naive},
                       {"groups_file", params_->groups_file}});
}

Json AnagramsWorkload::result(const RunContext&) const {
  if (summaries_.empty()) return Json::object();  // ranks other than 0
  const Summary& s = summaries_.back();
  return Json::object({{"words", s.words},
                       {"distinct_words", s.distinct_words},
                       {"groups", s.groups},
                       {"anagram_groups", s.multi_groups},
                       {"words_in_anagram_groups", s.words_in_multi_groups},
                       {"largest_group", s.top.empty() ? 0 : s.top.front().size},
                       {"digest", hex(s.digest)},
                       {"top", top_json(s.top)}});
}

Metrics AnagramsWorkload::metrics(const RunContext&, double seconds_per_rep) const {
  Metrics m;
  m.fom.set("words_per_s", static_cast<double>(words_) / seconds_per_rep);
  m.bytes_per_rep = static_cast<double>(bytes_);
  return m;
}

double AnagramsWorkload::memory_bytes_per_rank(const RunContext& ctx) const {
  // ~250 B per word held by a rank (text, folded copy, keys, entries, shuffle buffers, hash
  // table), plus ~100 B per word of the whole list on rank 0 for the reference. Long words
  // cost their bytes on top: an input's text, read by the ranks and held whole by rank 0.
  const double words = static_cast<double>(ctx.global_size);
  // stat, not InputFile: this runs outside agree_on, so it must not throw on one rank.
  struct stat info {};
  const double text = !params_->input.empty() && ::stat(params_->input.c_str(), &info) == 0
                          ? static_cast<double>(info.st_size)
                          : 0;
  return (words * 250 + kRankBytesPerInputByte * text) / ctx.comm.size() +
         (ctx.comm.is_root() ? words * 100 + kRootBytesPerInputByte * text : 0);
}

}  // namespace scalelab::anagrams
