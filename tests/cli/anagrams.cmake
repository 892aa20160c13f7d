# SPDX-License-Identifier: MIT
# scalelab-anagrams' own bad input (included by tests/cli/CMakeLists.txt, which defines
# cli_case, ${record} and the common cases).
set(bin $<TARGET_FILE:scalelab-anagrams>)
set(out --output ${record})
set(mpirun ${MPIEXEC_EXECUTABLE} --oversubscribe)
set(files ${CMAKE_CURRENT_BINARY_DIR}/anagrams)
file(MAKE_DIRECTORY ${files})
file(WRITE ${files}/empty.txt "")
file(WRITE ${files}/blank-lines.txt "\n\r\n\n")
file(WRITE ${files}/words.txt "listen\r\nsilent\nenlist\nstop\npots\ntops\ngoogle")
cli_case(anagrams/input-missing 2 "--input: '.*/nope.txt' does not exist" ${bin} --input
         ${files}/nope.txt ${out})
cli_case(anagrams/input-is-directory 2 "--input: '.*' is a directory" ${bin} --input ${files}
         ${out})
cli_case(anagrams/input-empty 2 "--input: '.*empty.txt' holds no words" ${bin} --input
         ${files}/empty.txt ${out})
cli_case(anagrams/input-blank-lines 2 "holds no words" ${bin} --input ${files}/blank-lines.txt
         ${out})
cli_case(anagrams/input-empty-three-ranks 2 "holds no words" ${mpirun} -n 3 ${bin} --model mpi
         --input ${files}/empty.txt ${out})
cli_case(anagrams/input-missing-hybrid 2 "does not exist" ${mpirun} -n 2 ${bin} --model hybrid
         --threads 2 --input ${files}/nope.txt ${out})
cli_case(anagrams/input-with-size 2 "--input excludes --size|--size excludes --input" ${bin}
         --input ${files}/words.txt --size 10 ${out})
cli_case(anagrams/input-with-generate 2 "excludes" ${bin} --input ${files}/words.txt --generate 10
         ${out})
cli_case(anagrams/input-weak-scaling 2 "--scaling weak: the list comes from --input" ${bin}
         --input ${files}/words.txt --scaling weak ${out})
cli_case(anagrams/generate-zero 2 "--generate: '0' is zero" ${bin} --generate 0 ${out})
cli_case(anagrams/generate-not-a-number 2 "--generate: 'many' is not a number" ${bin} --generate
         many ${out})
cli_case(anagrams/top-too-large 2 "--top" ${bin} --top 5000 ${out})
cli_case(anagrams/groups-missing-dir 2 "--groups: .* directory .* does not exist" ${bin} --size 100
         --groups ${files}/no/such/dir/g.txt ${out})
cli_case(anagrams/groups-is-directory 2 "--groups: .* is a directory" ${bin} --size 100 --groups
         ${files} ${out})
cli_case(anagrams/naive-too-large 2 "--naive: 30000 words exceed the limit of 20000" ${bin}
         --naive --size 30000 ${out})
cli_case(anagrams/naive-not-serial 2 "--naive: the pairwise mode is anagrams/serial only" ${bin}
         --naive --model openmp --size 100 ${out})
cli_case(anagrams/naive-on-two-ranks 2 "--naive: the pairwise mode is anagrams/serial only"
         ${mpirun} -n 2 ${bin} --naive --model mpi --size 100 ${out})
cli_case(anagrams/list-models 0 "^eigen$" ${bin} --list-models)
cli_case(anagrams/help 0 "--naive" ${bin} --help)
# The production binary end to end on a file with CRLF and no final newline, at 3 ranks.
cli_case(anagrams/file-three-ranks 0 "anagrams/hybrid ranks=3 .* verified" ${mpirun} -n 3 ${bin}
         --model hybrid --threads 2 --input ${files}/words.txt --reps 2)
make_fifo(${files}/pipe)
fifo_case(anagrams/input-fifo 2 "--input: '.*/pipe' is a FIFO" ${bin} --input ${files}/pipe
          ${out})
cli_case(anagrams/input-empty-path 2 "--input: an empty path" ${empty_last} ${bin} ${out} --input)
# Refused from its size alone, before the words of 64 GB of (sparse) zeros are counted.
make_sparse(${files}/sparse-64G.txt 64G)
cli_case(anagrams/input-exceeds-memory 2
         "--input: '.*/sparse-64G.txt' needs about .* GB of memory on one node, but only" ${bin}
         --input ${files}/sparse-64G.txt ${out})
