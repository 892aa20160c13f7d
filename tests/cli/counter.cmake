# SPDX-License-Identifier: MIT
# scalelab-counter's own bad input (included by tests/cli/CMakeLists.txt, which defines
# cli_case, ${record} and the common cases every app already passes).
set(bin $<TARGET_FILE:scalelab-counter>)
set(out --output ${record})
cli_case(counter/method-unknown 2 "--method: nope not in" ${bin} --method nope ${out})
cli_case(counter/method-not-for-serial 2 "--method atomic: counter/serial accepts plain$" ${bin}
         --model serial --method atomic ${out})
cli_case(counter/method-not-for-openmp 2
         "--method mpi-rma: counter/openmp accepts reduction, atomic, critical, racy" ${bin}
         --model openmp --method mpi-rma ${out})
cli_case(counter/method-not-for-mpi 2 "--method reduction: counter/mpi accepts mpi-reduce, mpi-rma"
         ${MPIEXEC_EXECUTABLE} -n 2 --oversubscribe ${bin} --model mpi --method reduction ${out})
cli_case(counter/increments-with-size 2 "--increments: cannot be combined with --size" ${bin}
         --increments 10 --size 10 ${out})
cli_case(counter/increments-with-scaling 2 "--increments: cannot be combined with --scaling" ${bin}
         --scaling weak --increments 10 ${out})
cli_case(counter/increments-zero 2 "--increments: '0' is zero" ${bin} --increments 0 ${out})
cli_case(counter/increments-not-a-number 2 "--increments: 'ten' is not a number" ${bin}
         --increments ten ${out})
cli_case(counter/more-workers-than-updates 2 "--size: 3 updates cannot be split over 4 workers"
         ${MPIEXEC_EXECUTABLE} -n 2 --oversubscribe ${bin} --model hybrid --threads 2 --size 3
         ${out})
cli_case(counter/help-lists-methods 0 "openmp: reduction atomic critical racy" ${bin} --help)
# A racy run is not a failure: exit 0, and the summary says it is not verified.
cli_case(counter/racy-is-reported 0 "not verified by design" ${bin} --model openmp --threads 2
         --method racy --size 100k)
set_property(TEST cli/counter/racy-is-reported APPEND PROPERTY LABELS racy)
