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
