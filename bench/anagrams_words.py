#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A deterministic synthetic word list for scripts/bench anagrams, shaped like scalelab-anagrams'
own generator (generate.hpp): most words random letters of their own, 10 % permutations of a
shared family of letters (the anagram groups), 5 % capitalised.

    anagrams_words.py N SEED OUT
"""
import random
import sys

LETTERS = ("e" * 12 + "t" * 9 + "a" * 8 + "o" * 7 + "i" * 7 + "n" * 7 + "s" * 6 + "h" * 6 +
           "r" * 6 + "d" * 4 + "l" * 4 + "c" * 3 + "u" * 3 + "m" * 3 + "w" * 2 + "f" * 2 +
           "g" * 2 + "y" * 2 + "p" * 2 + "bvkjxqz")


def main(n, seed, out):
    rng = random.Random(seed)
    families = [None] * max(1, n // 20)
    with open(out, "w") as f:
        for _ in range(n):
            if rng.random() < 0.10:
                i = rng.randrange(len(families))
                if families[i] is None:
                    families[i] = [rng.choice(LETTERS) for _ in range(rng.randint(4, 13))]
                letters = families[i][:]
            else:
                letters = [rng.choice(LETTERS) for _ in range(rng.randint(4, 13))]
            rng.shuffle(letters)
            if rng.random() < 0.05:
                letters[0] = letters[0].upper()
            f.write("".join(letters) + "\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
