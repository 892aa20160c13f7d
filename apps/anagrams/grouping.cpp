#include "grouping.hpp"

#include <algorithm>
#include <cstring>

#include "scalelab/errors.hpp"

namespace scalelab::anagrams {
namespace {

// Summarises a grouping given as group_of[entry] (groups numbered 0..first.size()-1, first[g]
// the entry that opened group g): members gathered per group (counting sort), duplicates
// removed, each group added once.
Summary summarise(const std::vector<Entry>& entries, const std::vector<std::uint32_t>& group_of,
                  const std::vector<std::uint32_t>& first, const SummaryOptions& options) {
  std::vector<std::uint32_t> start(first.size() + 1, 0);
  for (const std::uint32_t g : group_of) ++start[g + 1];
  for (std::size_t g = 0; g < first.size(); ++g) start[g + 1] += start[g];
  std::vector<std::uint32_t> order(entries.size());
  std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < entries.size(); ++i)
    order[fill[group_of[i]]++] = static_cast<std::uint32_t>(i);

  Summary s;
  std::vector<std::string_view> members;
  for (std::size_t g = 0; g < first.size(); ++g) {
    const Entry& opener = entries[first[g]];
    if (start[g + 1] - start[g] == 1) {  // most groups: one word, nothing to sort or list
      s.words += 1;
      s.distinct_words += 1;
      s.groups += 1;
      s.digest += group_digest(opener.hash, opener.word_hash);
      continue;
    }
    members.clear();
    for (std::uint32_t k = start[g]; k < start[g + 1]; ++k)
      members.push_back(entries[order[k]].word_view());
    const std::size_t listed = members.size();
    if (listed > 1) {
      std::sort(members.begin(), members.end());
      members.erase(std::unique(members.begin(), members.end()), members.end());
    }
    add_group(opener.key_view(), opener.hash, members, listed - members.size(), options, s);
  }
  return s;
}

void put(std::string& out, std::uint64_t v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void put(std::string& out, std::string_view text) {
  put(out, static_cast<std::uint64_t>(text.size()));
  out.append(text);
}

// Reads what put() wrote; a short buffer is a bug in the exchange, not bad input.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t u64() {
    need(8);
    std::uint64_t v;
    std::memcpy(&v, bytes_.data() + at_, 8);
    at_ += 8;
    return v;
  }
  std::string_view text() {
    const std::uint64_t n = u64();
    need(n);
    const std::string_view out = bytes_.substr(at_, n);
    at_ += n;
    return out;
  }

 private:
  void need(std::uint64_t n) const {
    if (at_ + n > bytes_.size()) throw RuntimeError("anagrams: truncated summary from a rank");
  }
  std::string_view bytes_;
  std::size_t at_ = 0;
};

}  // namespace

void add_group(std::string_view key, std::uint64_t key_hash,
               const std::vector<std::string_view>& sorted_members, std::uint64_t duplicates,
               const SummaryOptions& options, Summary& s) {
  const std::uint64_t size = sorted_members.size();
  std::uint64_t member_sum = 0;
  for (const std::string_view m : sorted_members) member_sum += member_hash(m);
  s.words += size + duplicates;
  s.distinct_words += size;
  s.groups += 1;
  s.digest += group_digest(key_hash, member_sum);
  if (size < 2) return;
  s.multi_groups += 1;
  s.words_in_multi_groups += size;
  if (options.lines) {
    for (std::size_t i = 0; i < sorted_members.size(); ++i) {
      if (i > 0) s.lines += '\t';
      s.lines += sorted_members[i];
    }
    s.lines += '\n';
  }
  if (options.top_k == 0) return;
  // Kept sorted, at most K: a group enters only if it beats the smallest kept one.
  if (s.top.size() == options.top_k) {
    const TopGroup& last = s.top.back();
    if (size < last.size || (size == last.size && key >= last.key)) return;
    s.top.pop_back();
  }
  TopGroup group{size, std::string(key), {}};
  const std::size_t listed = std::min<std::size_t>(size, kListedMembers);
  for (std::size_t i = 0; i < listed; ++i) group.members.emplace_back(sorted_members[i]);
  s.top.insert(std::upper_bound(s.top.begin(), s.top.end(), group, larger_group), std::move(group));
}

Summary group_by_key(const std::vector<Entry>& entries, const SummaryOptions& options) {
  std::size_t capacity = 16;
  while (capacity < 2 * entries.size()) capacity *= 2;
  const std::size_t mask = capacity - 1;
  // A slot holds the key hash's upper half beside group + 1 (0 = empty): a probe reads the
  // entry that opened the group (a cache miss) only when the hashes agree.
  std::vector<std::uint64_t> slot(capacity, 0);
  std::vector<std::uint32_t> first;
  first.reserve(entries.size());
  std::vector<std::uint32_t> group_of(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    const std::uint64_t tag = e.hash & 0xffffffff00000000ULL;
    for (std::size_t pos = e.hash & mask;; pos = (pos + 1) & mask) {
      const std::uint64_t s = slot[pos];
      if (s == 0) {
        first.push_back(static_cast<std::uint32_t>(i));
        slot[pos] = tag | first.size();
        group_of[i] = static_cast<std::uint32_t>(first.size() - 1);
        break;
      }
      if ((s & 0xffffffff00000000ULL) != tag) continue;
      const auto g = static_cast<std::uint32_t>(s & 0xffffffffULL) - 1;
      const Entry& f = entries[first[g]];
      if (f.hash == e.hash && f.length == e.length && std::memcmp(f.key, e.key, e.length) == 0) {
        group_of[i] = g;
        break;
      }
    }
  }
  return summarise(entries, group_of, first, options);
}

Summary group_pairwise(const std::vector<Entry>& entries, const SummaryOptions& options) {
  std::vector<std::uint32_t> first;
  std::vector<std::uint32_t> group_of(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    std::size_t g = 0;
    for (; g < first.size(); ++g) {
      const Entry& f = entries[first[g]];
      if (f.length == e.length && std::is_permutation(f.word, f.word + f.length, e.word)) break;
    }
    if (g == first.size()) first.push_back(static_cast<std::uint32_t>(i));
    group_of[i] = static_cast<std::uint32_t>(g);
  }
  return summarise(entries, group_of, first, options);
}

void merge_into(Summary& total, const Summary& part, std::size_t top_k) {
  total.words += part.words;
  total.distinct_words += part.distinct_words;
  total.groups += part.groups;
  total.multi_groups += part.multi_groups;
  total.words_in_multi_groups += part.words_in_multi_groups;
  total.digest += part.digest;
  total.top.insert(total.top.end(), part.top.begin(), part.top.end());
  std::sort(total.top.begin(), total.top.end(), larger_group);
  if (total.top.size() > top_k) total.top.resize(top_k);
  total.lines += part.lines;
}

bool Summary::same_grouping(const Summary& o) const {
  if (words != o.words || distinct_words != o.distinct_words || groups != o.groups ||
      multi_groups != o.multi_groups || words_in_multi_groups != o.words_in_multi_groups ||
      digest != o.digest || top.size() != o.top.size())
    return false;
  for (std::size_t i = 0; i < top.size(); ++i) {
    if (top[i].size != o.top[i].size || top[i].key != o.top[i].key ||
        top[i].members != o.top[i].members)
      return false;
  }
  return true;
}

std::string serialise(const Summary& s) {
  std::string out;
  for (const std::uint64_t v :
       {s.words, s.distinct_words, s.groups, s.multi_groups, s.words_in_multi_groups, s.digest})
    put(out, v);
  put(out, static_cast<std::uint64_t>(s.top.size()));
  for (const TopGroup& g : s.top) {
    put(out, g.size);
    put(out, g.key);
    put(out, static_cast<std::uint64_t>(g.members.size()));
    for (const std::string& m : g.members) put(out, m);
  }
  put(out, s.lines);
  return out;
}

Summary deserialise(std::string_view bytes) {
  Reader in(bytes);
  Summary s;
  for (std::uint64_t* v : {&s.words, &s.distinct_words, &s.groups, &s.multi_groups,
                           &s.words_in_multi_groups, &s.digest})
    *v = in.u64();
  s.top.resize(in.u64());
  for (TopGroup& g : s.top) {
    g.size = in.u64();
    g.key = std::string(in.text());
    g.members.resize(in.u64());
    for (std::string& m : g.members) m = std::string(in.text());
  }
  s.lines = std::string(in.text());
  return s;
}

}  // namespace scalelab::anagrams
