# SPDX-License-Identifier: MIT
# scalelab-costs's own bad input (included by tests/cli/CMakeLists.txt, which defines
# cli_case, ${record} and the common cases).
set(bin $<TARGET_FILE:scalelab-costs>)
set(out --output ${record})
set(mpi2 ${MPIEXEC_EXECUTABLE} -n 2 --oversubscribe)
cli_case(costs/probe-unknown 2 "--probe: nope not in" ${bin} --probe nope ${out})
cli_case(costs/probe-under-wrong-model 2
         "--probe pingpong: runs under --model mpi, not serial .costs/serial runs --probe spawn, memory"
         ${bin} --probe pingpong --model serial ${out})
cli_case(costs/memory-under-mpi 2 "--probe memory: runs under --model serial or openmp, not mpi"
         ${mpi2} ${bin} --probe memory --model mpi ${out})
cli_case(costs/pingpong-on-one-rank 2 "--probe pingpong: needs at least 2 ranks" ${bin}
         --probe pingpong --model mpi ${out})
cli_case(costs/pingpong-message-too-large 2 "--size: pingpong messages go up to 1 GiB" ${mpi2}
         ${bin} --probe pingpong --model mpi --size 2Gi ${out})
cli_case(costs/collectives-not-whole-words 2 "--size: collectives sum 64-bit integers.* got 12"
         ${bin} --probe collectives --model mpi --size 12 ${out})
cli_case(costs/memory-below-4KiB 2 "--size: the memory ladder starts at a 4 KiB working set" ${bin}
         --probe memory --size 4000 ${out})
cli_case(costs/memory-beyond-ram 2 "--size: the run needs .* on one node" ${bin}
         --probe memory --size 1Ti ${out})
cli_case(costs/spawn-too-many 2 "--size: spawn runs at most 100000 operations" ${bin} --probe spawn
         --size 1M ${out})
cli_case(costs/weak-scaling 2 "--scaling: costs measures fixed costs.*weak scaling has no meaning"
         ${bin} --probe spawn --scaling weak ${out})
cli_case(costs/help 0 "--probe" ${bin} --help)
cli_case(costs/list-models 0 "^mpi$" ${bin} --list-models)

# The whole path a user takes: every probe's binary run writes one record, and
# scripts/latency-table turns the records into the table (MPI launches not timed: tests must
# not time anything).
add_test(NAME cli/costs/latency-table
         COMMAND ${PROJECT_SOURCE_DIR}/tests/apps/costs/latency_table_test.sh ${bin}
                 ${MPIEXEC_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/latency-table
                 ${CMAKE_CURRENT_BINARY_DIR}/costs-latency-table.jsonl)
set_tests_properties(cli/costs/latency-table PROPERTIES ENVIRONMENT "${SCALELAB_TEST_ENV}"
                     LABELS cli TIMEOUT 120)
