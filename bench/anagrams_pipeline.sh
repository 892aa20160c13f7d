#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Anagram groups as a shell pipeline: awk writes "key<TAB>word" (the word's letters sorted by
# an insertion sort: mawk has no asort), sort -u drops repeated words, a second awk counts
# the keys with >= 2 words. Bytes, not characters (LC_ALL=C); same word definition as
# scalelab-anagrams.   anagrams_pipeline.sh WORDLIST
# Prints "words=W anagram_groups=G words_in_anagram_groups=M" (words: lines that are words).
set -euo pipefail
export LC_ALL=C
words=$(awk '{ sub(/\r$/, "") } length($0) > 0 { n++ } END { print n + 0 }' "$1")
awk '{
  sub(/\r$/, "")
  if ($0 == "") next
  w = tolower($0); n = length(w)
  for (i = 1; i <= n; i++) c[i] = substr(w, i, 1)
  for (i = 2; i <= n; i++) { x = c[i]; for (j = i - 1; j >= 1 && c[j] > x; j--) c[j + 1] = c[j]; c[j + 1] = x }
  k = ""; for (i = 1; i <= n; i++) k = k c[i]
  print k "\t" w
}' "$1" | sort -u | awk -F'\t' -v words="$words" '
  { count[$1]++ }
  END { for (k in count) if (count[k] >= 2) { g++; m += count[k] }
        printf "words=%d anagram_groups=%d words_in_anagram_groups=%d\n", words, g, m }'
