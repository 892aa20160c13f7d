// SPDX-License-Identifier: MIT
#include "grouping.hpp"

#include <algorithm>
#include <cstring>

#include "scalelab/byte_buffer.hpp"

namespace scalelab::anagrams {
namespace {

// Scratch arrays of one grouping, kept between the buckets of group_by_key.
struct GroupingScratch {
  std::vector<std::uint32_t> group_of;   // per entry: its group
  std::vector<std::uint32_t> first;      // per group: the entry that opened it
  std::vector<std::uint32_t> start;      // per group: where its entries begin in `order`
  std::vector<std::uint32_t> order;      // entries, gathered by group
  std::vector<std::uint32_t> slot;       // the hash table: group + 1, 0 = empty
  std::vector<const Entry*> members;     // one group's entries, then its distinct ones
  std::vector<std::string_view> listed;  // a listed group's distinct words, sorted
};

// Adds to `s` the grouping given as scratch.group_of[entry] (groups numbered
// 0..first.size()-1): members gathered per group (counting sort), duplicates removed, each
// group added once.
void summarise(const Entry* entries, std::size_t n, const SummaryOptions& options,
               GroupingScratch& scratch, Summary& s) {
  const std::vector<std::uint32_t>& group_of = scratch.group_of;
  const std::vector<std::uint32_t>& first = scratch.first;
  std::vector<std::uint32_t>& start = scratch.start;
  start.assign(first.size() + 1, 0);
  for (std::size_t i = 0; i < n; ++i) ++start[group_of[i] + 1];
  for (std::size_t g = 0; g < first.size(); ++g) start[g + 1] += start[g];
  std::vector<std::uint32_t>& order = scratch.order;
  order.resize(n);
  // Filled from the back with start[g + 1], group g's end, as the cursor: it ends at group g's
  // begin. Dropping start[0] and appending n then leaves start[g] = begin, start[g + 1] = end.
  for (std::size_t i = n; i-- > 0;) order[--start[group_of[i] + 1]] = static_cast<std::uint32_t>(i);
  start.erase(start.begin());
  start.push_back(static_cast<std::uint32_t>(n));

  std::vector<const Entry*>& members = scratch.members;
  std::vector<std::string_view>& listed = scratch.listed;
  for (std::size_t g = 0; g < first.size(); ++g) {
    const Entry& opener = entries[first[g]];
    if (start[g + 1] - start[g] == 1) {  // most groups: one word, nothing to sort or list
      s.words += 1;
      s.distinct_words += 1;
      s.groups += 1;
      s.digest += group_digest(opener.hash, opener.word_hash);
      continue;
    }
    // Distinct members by their hash, which the entries carry: the words' bytes (far away
    // in memory) are read only to confirm a duplicate longer than kHashIsExactUpTo (a
    // group's words all have its key's length), and to list a group that is listed.
    members.clear();
    for (std::uint32_t k = start[g]; k < start[g + 1]; ++k) members.push_back(&entries[order[k]]);
    const bool hash_decides = opener.length <= kHashIsExactUpTo;
    std::sort(members.begin(), members.end(), [hash_decides](const Entry* a, const Entry* b) {
      if (a->word_hash != b->word_hash) return a->word_hash < b->word_hash;
      return !hash_decides && a->word_view() < b->word_view();
    });
    std::size_t distinct = 0;
    std::uint64_t member_sum = 0;
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (i > 0 && members[i]->word_hash == members[i - 1]->word_hash &&
          (hash_decides || members[i]->word_view() == members[i - 1]->word_view()))
        continue;
      members[distinct++] = members[i];
      member_sum += members[i]->word_hash;
    }
    const std::string_view key = opener.key_view();
    if (!record_group(key, opener.hash, distinct, member_sum, members.size() - distinct, options,
                      s))
      continue;
    listed.clear();
    for (std::size_t i = 0; i < distinct; ++i) listed.push_back(members[i]->word_view());
    std::sort(listed.begin(), listed.end());
    list_group(key, listed, options, s);
  }
}

// Equal keys: the hash and length (which decide alone up to kHashIsExactUpTo bytes), then
// the bytes.
bool same_key(const Entry& a, const Entry& b) {
  return a.hash == b.hash && a.length == b.length &&
         (a.length <= kHashIsExactUpTo || std::memcmp(a.key, b.key, a.length) == 0);
}

// Groups entries[0..n) by key with an open-addressing table and adds them to `s`.
void group_bucket(const Entry* entries, std::size_t n, const SummaryOptions& options,
                  GroupingScratch& scratch, Summary& s) {
  std::size_t capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const std::size_t mask = capacity - 1;
  std::vector<std::uint32_t>& slot = scratch.slot;
  slot.assign(capacity, 0);
  std::vector<std::uint32_t>& first = scratch.first;
  first.clear();
  std::vector<std::uint32_t>& group_of = scratch.group_of;
  group_of.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Entry& e = entries[i];
    // Bits 16 and up (a table has at most ~2^14 slots): ranks own hash % R, threads the top of
    // the low 32 bits (PartitionedEntries) and a bucket shares the top bits, so none of those
    // ranges varies much inside one table.
    for (std::size_t pos = (e.hash >> 16) & mask;; pos = (pos + 1) & mask) {
      if (slot[pos] == 0) {
        first.push_back(static_cast<std::uint32_t>(i));
        slot[pos] = static_cast<std::uint32_t>(first.size());
        group_of[i] = static_cast<std::uint32_t>(first.size() - 1);
        break;
      }
      const std::uint32_t g = slot[pos] - 1;
      if (same_key(entries[first[g]], e)) {
        group_of[i] = g;
        break;
      }
    }
  }
  summarise(entries, n, options, scratch, s);
}

// Entries per bucket of group_by_key: a bucket's table (8 bytes per entry) and its entries
// (40 bytes each) stay in a core's L2 cache.
constexpr std::size_t kBucketEntries = 8192;

}  // namespace

bool record_group(std::string_view key, std::uint64_t key_hash, std::uint64_t size,
                  std::uint64_t member_hash_sum, std::uint64_t duplicates,
                  const SummaryOptions& options, Summary& s) {
  s.words += size + duplicates;
  s.distinct_words += size;
  s.groups += 1;
  s.digest += group_digest(key_hash, member_hash_sum);
  if (size < 2) return false;
  s.multi_groups += 1;
  s.words_in_multi_groups += size;
  if (options.lines) return true;
  if (options.top_k == 0) return false;
  if (s.top.size() < options.top_k) return true;
  const TopGroup& last = s.top.back();
  return size > last.size || (size == last.size && key < last.key);
}

void list_group(std::string_view key, const std::vector<std::string_view>& sorted_members,
                const SummaryOptions& options, Summary& s) {
  const std::uint64_t size = sorted_members.size();
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

void add_group(std::string_view key, std::uint64_t key_hash,
               const std::vector<std::string_view>& sorted_members, std::uint64_t duplicates,
               const SummaryOptions& options, Summary& s) {
  std::uint64_t member_sum = 0;
  for (const std::string_view m : sorted_members) member_sum += member_hash(m);
  if (record_group(key, key_hash, sorted_members.size(), member_sum, duplicates, options, s))
    list_group(key, sorted_members, options, s);
}

void PartitionedEntries::reset(std::size_t total, std::size_t owners, std::size_t chunks) {
  owners_ = owners;
  bits_ = 0;
  while ((total / owners >> bits_) > kBucketEntries && bits_ < 16) ++bits_;
  buckets_ = std::size_t{1} << bits_;
  cursor_.resize(chunks);
  entries_.resize(total);  // no-op when the last repetition had as many
}

void PartitionedEntries::count(std::size_t chunk, const Spans& spans) {
  std::vector<std::size_t>& counts = cursor_[chunk];
  counts.assign(owners_ * buckets_, 0);
  for (const auto& [first, n] : spans)
    for (std::size_t i = 0; i < n; ++i) ++counts[slot_of(first[i].hash)];
}

void PartitionedEntries::place() {
  const std::size_t slots = owners_ * buckets_;
  begin_.assign(slots + 1, 0);
  std::size_t at = 0;
  for (std::size_t slot = 0; slot < slots; ++slot) {
    begin_[slot] = at;
    for (std::vector<std::size_t>& counts : cursor_) {
      const std::size_t n = counts[slot];
      counts[slot] = at;
      at += n;
    }
  }
  begin_[slots] = at;
}

void PartitionedEntries::scatter(std::size_t chunk, const Spans& spans) {
  std::vector<std::size_t>& cursor = cursor_[chunk];
  Entry* out = entries_.data();
  for (const auto& [first, n] : spans)
    for (std::size_t i = 0; i < n; ++i) out[cursor[slot_of(first[i].hash)]++] = first[i];
}

Summary PartitionedEntries::group(std::size_t owner, const SummaryOptions& options) const {
  Summary s;
  GroupingScratch scratch;
  for (std::size_t slot = owner * buckets_; slot < (owner + 1) * buckets_; ++slot) {
    const std::size_t n = begin_[slot + 1] - begin_[slot];
    if (n > 0) group_bucket(entries_.data() + begin_[slot], n, options, scratch, s);
  }
  return s;
}

Summary group_by_key(const std::vector<Entry>& entries, const SummaryOptions& options) {
  if (entries.size() <= kBucketEntries) {  // small: one table, no copy
    Summary s;
    GroupingScratch scratch;
    group_bucket(entries.data(), entries.size(), options, scratch, s);
    return s;
  }
  const PartitionedEntries::Spans all = {{entries.data(), entries.size()}};
  PartitionedEntries parts;
  parts.reset(entries.size(), 1, 1);
  parts.count(0, all);
  parts.place();
  parts.scatter(0, all);
  return parts.group(0, options);
}

Summary group_pairwise(const std::vector<Entry>& entries, const SummaryOptions& options) {
  GroupingScratch scratch;
  std::vector<std::uint32_t>& first = scratch.first;
  scratch.group_of.resize(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    std::size_t g = 0;
    for (; g < first.size(); ++g) {
      const Entry& f = entries[first[g]];
      if (f.length == e.length && std::is_permutation(f.word, f.word + f.length, e.word)) break;
    }
    if (g == first.size()) first.push_back(static_cast<std::uint32_t>(i));
    scratch.group_of[i] = static_cast<std::uint32_t>(g);
  }
  Summary s;
  summarise(entries.data(), entries.size(), options, scratch, s);
  return s;
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
  ByteWriter writer(out);
  for (const std::uint64_t v :
       {s.words, s.distinct_words, s.groups, s.multi_groups, s.words_in_multi_groups, s.digest})
    writer.put(v);
  writer.put(static_cast<std::uint64_t>(s.top.size()));
  for (const TopGroup& g : s.top) {
    writer.put(g.size).put_string(g.key).put(static_cast<std::uint64_t>(g.members.size()));
    for (const std::string& m : g.members) writer.put_string(m);
  }
  writer.put_string(s.lines);
  return out;
}

Summary deserialise(std::string_view bytes) {
  ByteReader in(bytes, "anagrams: a summary from a rank");
  Summary s;
  for (std::uint64_t* v : {&s.words, &s.distinct_words, &s.groups, &s.multi_groups,
                           &s.words_in_multi_groups, &s.digest})
    *v = in.get<std::uint64_t>();
  // A group holds at least its size and two lengths; a member at least its length.
  s.top.resize(in.get_count(3 * sizeof(std::uint64_t)));
  for (TopGroup& g : s.top) {
    g.size = in.get<std::uint64_t>();
    g.key = std::string(in.get_string());
    g.members.resize(in.get_count(sizeof(std::uint64_t)));
    for (std::string& m : g.members) m = std::string(in.get_string());
  }
  s.lines = std::string(in.get_string());
  return s;
}

}  // namespace scalelab::anagrams
