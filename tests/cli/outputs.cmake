# SPDX-License-Identifier: MIT
# Outputs never destroy what a user owns (included by tests/cli/CMakeLists.txt, which defines
# cli_case and ${record}). Every case is refused before the run starts: exit 2, one line.
set(special ${CMAKE_CURRENT_SOURCE_DIR}/special_output.sh)
set(same ${CMAKE_CURRENT_SOURCE_DIR}/same_file.sh)
set(pi $<TARGET_FILE:scalelab-pi>)
set(wordcount $<TARGET_FILE:scalelab-wordcount>)
set(groupby $<TARGET_FILE:scalelab-groupby>)
set(gen $<TARGET_FILE:scalelab-groupby-gen>)
set(anagrams $<TARGET_FILE:scalelab-anagrams>)
set(heat $<TARGET_FILE:scalelab-heat>)
set(matmul $<TARGET_FILE:scalelab-matmul>)
set(out --output ${record})
set(files ${CMAKE_CURRENT_BINARY_DIR}/outputs)
file(MAKE_DIRECTORY ${files})
file(WRITE ${files}/words.txt "listen silent enlist\nstop pots tops\n")
file(WRITE ${files}/dispatch.csv
     "SETTLEMENTDATE,DUID,SCADAVALUE\n2024/01/01 00:05:00,A,1\n2024/01/01 00:05:00,B,2\n")

function(output_case name)
  add_test(NAME cli/outputs/${name} COMMAND ${ARGN})
  set_tests_properties(cli/outputs/${name} PROPERTIES ENVIRONMENT "${SCALELAB_TEST_ENV}"
                       LABELS cli TIMEOUT 60 SKIP_RETURN_CODE 77)
endfunction()

# A FIFO or a mknod copy of /dev/null as each output: refused, the node left as it was.
set(text_what "a (FIFO \\(named pipe\\)|character device), not a regular file")
set(hdf5_what "a (FIFO \\(named pipe\\)|character device): an HDF5 output must be a regular file")
foreach(kind fifo null-copy)
  output_case(record-${kind} ${special} ${expect} - ${kind} --output ${text_what} -- ${pi}
              --size 1000)
  output_case(counts-${kind} ${special} ${expect} ${record} ${kind} --counts ${text_what} --
              ${wordcount} --size 1k ${out})
  output_case(out-${kind} ${special} ${expect} ${record} ${kind} --out ${text_what} -- ${groupby}
              --size 100 ${out})
  output_case(groups-${kind} ${special} ${expect} ${record} ${kind} --groups ${text_what} --
              ${anagrams} --size 100 ${out})
  output_case(gen-output-${kind} ${special} ${expect} - ${kind} --output ${text_what} -- ${gen}
              --rows 10)
  output_case(checkpoint-${kind} ${special} ${expect} ${record} ${kind} --checkpoint ${hdf5_what}
              -- ${heat} --size 16x12 --steps 2 ${out})
  output_case(snapshot-${kind} ${special} ${expect} ${record} ${kind} --snapshot ${hdf5_what} --
              ${heat} --size 16x12 --steps 2 ${out})
  output_case(save-${kind} ${special} ${expect} ${record} ${kind} --save ${hdf5_what} -- ${matmul}
              --size 8 ${out})
endforeach()

# An output that is an input of the run (or another output): refused, the input unchanged.
set(is_input "is the same file as --input '.*' \\(an output never overwrites an input\\)")
output_case(wordcount-counts-is-input ${same} ${expect} ${record} "--counts: '.*' ${is_input}"
            ${files}/words.txt -- ${wordcount} --input @FILE@ --counts @FILE@ ${out})
output_case(wordcount-record-is-input ${same} ${expect} - "--output: '.*' ${is_input}"
            ${files}/words.txt -- ${wordcount} --input @FILE@ --output @FILE@)
output_case(groupby-out-is-input ${same} ${expect} ${record} "--out: '.*' ${is_input}"
            ${files}/dispatch.csv -- ${groupby} --input @FILE@ --out @FILE@ ${out})
output_case(anagrams-groups-is-input ${same} ${expect} ${record} "--groups: '.*' ${is_input}"
            ${files}/words.txt -- ${anagrams} --input @FILE@ --groups @FILE@ ${out})
output_case(gen-output-is-convert ${same} ${expect} -
            "--output: '.*' is the same file as --convert '.*'" ${files}/dispatch.csv -- ${gen}
            --convert @FILE@ --output @FILE@)
output_case(heat-checkpoint-is-restart ${same} ${expect} ${record}
            "--checkpoint: '.*' is the same file as --restart" ${files}/words.txt -- ${heat}
            --size 16x12 --steps 2 --restart @FILE@ --checkpoint @FILE@ ${out})
output_case(heat-snapshot-is-checkpoint ${same} ${expect} ${record}
            "--checkpoint: '.*' is the same file as --snapshot '.*' \\(two outputs cannot share"
            ${files}/words.txt -- ${heat} --size 16x12 --steps 2 --checkpoint @NEW@
            --snapshot @NEW@ ${out})
output_case(wordcount-counts-is-record ${same} ${expect} -
            "--counts: '.*' is the same file as --output" ${files}/words.txt -- ${wordcount}
            --size 1k --counts @NEW@ --output @NEW@)
output_case(matmul-save-is-input ${same} ${expect} ${record} "--save: '.*' ${is_input}"
            ${CMAKE_CURRENT_BINARY_DIR}/matmul-inputs/good.h5 -- ${matmul} --input @FILE@
            --save @FILE@ ${out})
set_tests_properties(cli/outputs/matmul-save-is-input PROPERTIES FIXTURES_REQUIRED matmul_input)

# Kernel pseudo-files pass access() for root: refused before the run, not after it.
set(pseudo "is on a kernel pseudo-filesystem")
cli_case(outputs/record-in-proc 2 "--output: '/proc/version' ${pseudo}" ${pi} --size 1000
         --output /proc/version)
cli_case(outputs/record-in-sys 2 "--output: '/sys/kernel/r.jsonl' ${pseudo}" ${pi} --size 1000
         --output /sys/kernel/r.jsonl)
cli_case(outputs/counts-in-proc 2 "--counts: '/proc/self/c.tsv' ${pseudo}" ${wordcount} --size 1k
         --counts /proc/self/c.tsv ${out})
cli_case(outputs/out-in-sys 2 "--out: '/sys/kernel/t.csv' ${pseudo}" ${groupby} --size 100 --out
         /sys/kernel/t.csv ${out})
cli_case(outputs/groups-in-proc 2 "--groups: '/proc/g.txt' ${pseudo}" ${anagrams} --size 100
         --groups /proc/g.txt ${out})
cli_case(outputs/checkpoint-in-sys 2 "--checkpoint: '/sys/c.h5' ${pseudo}" ${heat} --size 16x12
         --steps 2 --checkpoint /sys/c.h5 ${out})
cli_case(outputs/save-in-proc 2 "--save: '/proc/m.h5' ${pseudo}" ${matmul} --size 8 --save
         /proc/m.h5 ${out})
cli_case(outputs/gen-output-in-proc 2 "--output: '/proc/g.csv' ${pseudo}" ${gen} --rows 10
         --output /proc/g.csv)

# Streams: /dev/null and /dev/stdout take a record or a text output; HDF5 needs a real file.
cli_case(outputs/record-dev-null 0 "pi/serial .* verified" ${pi} --size 1000 --output /dev/null)
cli_case(outputs/record-dev-stdout 0 "^\\{\"workload\":\"pi\"" ${pi} --size 1000 --quiet
         --output /dev/stdout)
cli_case(outputs/counts-dev-stdout 0 "^listen\t1$" ${wordcount} --input ${files}/words.txt --quiet
         --counts /dev/stdout)
set(no_stream "is a character device: an HDF5 output must be a regular file")
cli_case(outputs/snapshot-dev-null 2 "--snapshot: '/dev/null' ${no_stream}" ${heat} --size 16x12
         --steps 2 --snapshot /dev/null ${out})
cli_case(outputs/snapshot-dev-full 2 "--snapshot: '/dev/full' ${no_stream}" ${heat} --size 16x12
         --steps 2 --snapshot /dev/full ${out})
cli_case(outputs/save-dev-null 2 "--save: '/dev/null' ${no_stream}" ${matmul} --size 8 --save
         /dev/null ${out})
cli_case(outputs/record-dev-full 2 "--output: '/dev/full' is a character device" ${pi} --size 1000
         --output /dev/full)

# An empty path is an error, not "no output" (sh appends the empty argument: a CMake list
# cannot carry one).
set(empty_last sh -c "exec \"$@\" ''" sh)
cli_case(outputs/record-empty 2 "--output: an empty path" ${empty_last} ${pi} --size 1000
         --output)
cli_case(outputs/counts-empty 2 "--counts: an empty path" ${empty_last} ${wordcount} --size 1k
         ${out} --counts)
