# SPDX-License-Identifier: MIT
# scalelab-taskfarm's own bad input (included by tests/cli/CMakeLists.txt, which defines
# cli_case, ${record} and the common cases).
set(bin $<TARGET_FILE:scalelab-taskfarm>)
set(out --output ${record})
set(mpirun ${MPIEXEC_EXECUTABLE} --oversubscribe)
cli_case(taskfarm/costs-unknown 2 "--costs: normal not in \\{uniform,linear,exponential,bimodal\\}"
         ${bin} --costs normal ${out})
cli_case(taskfarm/schedule-unknown 2 "--schedule: auto not in \\{static,dynamic,guided\\}" ${bin}
         --model openmp --schedule auto ${out})
cli_case(taskfarm/schedule-for-serial 2
         "--schedule: taskfarm/serial runs the tasks in order on one worker" ${bin}
         --model serial --schedule dynamic ${out})
cli_case(taskfarm/chunk-for-serial 2 "--chunk: taskfarm/serial runs the tasks in order" ${bin}
         --chunk 4 ${out})
cli_case(taskfarm/chunk-zero 2 "--chunk: '0' is zero" ${bin} --model openmp --chunk 0 ${out})
cli_case(taskfarm/chunk-not-a-number 2 "--chunk: 'many' is not a number" ${bin} --model openmp
         --chunk many ${out})
cli_case(taskfarm/chunk-too-large 2 "--chunk: 2000000000 exceeds the limit of 1000000000" ${bin}
         --model openmp --chunk 2G ${out})
cli_case(taskfarm/mean-work-zero 2 "--mean-work: '0' is zero" ${bin} --mean-work 0 ${out})
cli_case(taskfarm/mean-work-too-large 2 "--mean-work: 1000000000 exceeds the limit of 100000000"
         ${bin} --mean-work 1G ${out})
cli_case(taskfarm/tasks-and-size 2 "--tasks excludes --size|--size excludes --tasks" ${bin}
         --tasks 10 --size 10 ${out})
cli_case(taskfarm/tasks-not-a-number 2 "--tasks: 'ten' is not a number" ${bin} --tasks ten ${out})
cli_case(taskfarm/tasks-too-many 2 "--size: 2000000000 tasks exceed the limit of 1000000000"
         ${bin} --tasks 2G ${out})
cli_case(taskfarm/eigen-not-offered 2 "--model: 'eigen' is not offered by taskfarm" ${bin}
         --model eigen ${out})
cli_case(taskfarm/serial-on-two-ranks 2 "runs on one rank but 2 ranks were launched" ${mpirun}
         -n 2 ${bin} --model serial --size 100 ${out})
# Bad input under master-worker at 3 ranks: every rank agrees, one line, no hang.
cli_case(taskfarm/bad-chunk-on-three-ranks 2 "--chunk: '0' is zero" ${mpirun} -n 3 ${bin}
         --model hybrid --threads 2 --schedule dynamic --chunk 0 ${out})
cli_case(taskfarm/too-many-tasks-on-three-ranks 2 "--size: .* tasks exceed the limit" ${mpirun}
         -n 3 ${bin} --model mpi --schedule dynamic --size 2G ${out})
cli_case(taskfarm/list-models 0 "^hybrid$" ${bin} --list-models)
cli_case(taskfarm/help 0 "--schedule" ${bin} --help)
# The production binary end to end: master-worker at 3 ranks runs, verifies and says so.
cli_case(taskfarm/master-worker-three-ranks 0 "taskfarm/mpi ranks=3 .* verified" ${mpirun} -n 3
         ${bin} --model mpi --schedule dynamic --size 301 --mean-work 2k --reps 2)
# Jobs that arrive over time: every misuse of --arrivals, --rate and --trace, and every fault
# of a trace file (one line naming --trace, the line and what is wrong).
set(traces ${CMAKE_CURRENT_BINARY_DIR}/taskfarm-traces)
file(WRITE ${traces}/good.trace "0\n0.001\n0.001\n0.002\n")
file(WRITE ${traces}/not-a-number.trace "0\n0.001\nsoon\n")
file(WRITE ${traces}/negative.trace "-0.5\n0\n")
file(WRITE ${traces}/descending.trace "0\n0.002\n0.001\n")
file(WRITE ${traces}/empty.trace "")
file(WRITE ${traces}/too-late.trace "0\n1e7\n")
set(good --arrivals trace --trace ${traces}/good.trace)
cli_case(taskfarm/arrivals-unknown 2 "--arrivals: sometimes not in \\{none,poisson,trace\\}" ${bin}
         --arrivals sometimes ${out})
cli_case(taskfarm/rate-without-poisson 2 "--rate: applies to --arrivals poisson only" ${bin}
         --rate 100 ${out})
cli_case(taskfarm/rate-with-trace 2 "--rate: applies to --arrivals poisson only" ${bin} ${good}
         --rate 100 ${out})
cli_case(taskfarm/poisson-without-rate 2 "--arrivals poisson: needs --rate" ${bin}
         --arrivals poisson ${out})
cli_case(taskfarm/rate-zero 2 "--rate: 0 jobs per second is not positive" ${bin}
         --arrivals poisson --rate 0 ${out})
cli_case(taskfarm/rate-negative 2 "--rate: -3 jobs per second is not positive" ${bin}
         --arrivals poisson --rate=-3 ${out})
cli_case(taskfarm/rate-not-finite 2 "--rate: 'inf' is not a finite decimal number" ${bin}
         --arrivals poisson --rate inf ${out})
cli_case(taskfarm/rate-not-a-number 2 "--rate: 'fast' is not a finite decimal number" ${bin}
         --arrivals poisson --rate fast ${out})
cli_case(taskfarm/rate-too-slow 2 "--rate: at 1e-09 jobs per second the last of 100 jobs arrives "
         ${bin} --arrivals poisson --rate 1e-9 --size 100 ${out})
cli_case(taskfarm/trace-without-trace-arrivals 2 "--trace: applies to --arrivals trace only" ${bin}
         --trace ${traces}/good.trace ${out})
cli_case(taskfarm/trace-arrivals-without-trace 2 "--arrivals trace: needs --trace FILE" ${bin}
         --arrivals trace ${out})
cli_case(taskfarm/trace-and-size 2 "--size excludes --trace|--trace excludes --size" ${bin}
         ${good} --size 4 ${out})
cli_case(taskfarm/trace-and-tasks 2 "--tasks excludes --trace|--trace excludes --tasks" ${bin}
         ${good} --tasks 4 ${out})
cli_case(taskfarm/trace-weak-scaling 2 "--scaling weak: the jobs come from --trace" ${bin} ${good}
         --model openmp --threads 2 --scaling weak ${out})
cli_case(taskfarm/trace-missing 2 "--trace: '.*/no-such.trace' does not exist" ${bin}
         --arrivals trace --trace ${traces}/no-such.trace ${out})
cli_case(taskfarm/trace-directory 2 "--trace: .* is a directory" ${bin} --arrivals trace
         --trace ${traces} ${out})
cli_case(taskfarm/trace-empty-path 2 "--trace: an empty path" ${empty_last} ${bin}
         --arrivals trace ${out} --trace)
cli_case(taskfarm/trace-not-a-number 2 "--trace: '.*' line 3: 'soon' is not a number of seconds"
         ${bin} --arrivals trace --trace ${traces}/not-a-number.trace ${out})
cli_case(taskfarm/trace-negative 2 "--trace: '.*' line 1: '-0.5' is negative" ${bin}
         --arrivals trace --trace ${traces}/negative.trace ${out})
cli_case(taskfarm/trace-descending 2 "--trace: '.*' line 3: '0.001' is before the previous line"
         ${bin} --arrivals trace --trace ${traces}/descending.trace ${out})
cli_case(taskfarm/trace-empty 2 "--trace: '.*' is empty \\(no arrival times\\)" ${bin}
         --arrivals trace --trace ${traces}/empty.trace ${out})
cli_case(taskfarm/trace-too-late 2 "--trace: '.*' line 2: '1e7' is beyond the limit of 1e6 seconds"
         ${bin} --arrivals trace --trace ${traces}/too-late.trace ${out})
# A bad trace at 3 ranks under master-worker: every rank agrees, one line, no hang.
cli_case(taskfarm/trace-descending-on-three-ranks 2 "line 3: '0.001' is before the previous line"
         ${mpirun} -n 3 ${bin} --model mpi --schedule dynamic --arrivals trace
         --trace ${traces}/descending.trace ${out})
# The production binary end to end with arrivals at 3 ranks: runs, verifies, says so.
cli_case(taskfarm/arrivals-master-worker-three-ranks 0
         "taskfarm/mpi ranks=3 .* queue_delay_p99_s verified .*none before its arrival" ${mpirun}
         -n 3 ${bin} --model mpi --schedule guided --arrivals poisson --rate 20000 --size 101
         --mean-work 2k --reps 2)
