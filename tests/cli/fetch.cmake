# SPDX-License-Identifier: MIT
# scalelab-fetch's own bad input (included by tests/cli/CMakeLists.txt, which defines
# cli_case, ${record} and the common cases).
set(bin $<TARGET_FILE:scalelab-fetch>)
set(out --output ${record})
set(mpirun ${MPIEXEC_EXECUTABLE} --oversubscribe)
set(busy_port ${CMAKE_CURRENT_SOURCE_DIR}/busy_port.sh)
cli_case(fetch/concurrency-zero 2 "--concurrency: '0' is zero" ${bin} --model eventloop
         --concurrency 0 ${out})
cli_case(fetch/concurrency-too-large 2 "--concurrency: 20000 exceeds the limit of 10000" ${bin}
         --model eventloop --concurrency 20000 ${out})
cli_case(fetch/concurrency-threads-too-large 2 "--concurrency: 10001 exceeds the limit of 10000"
         ${bin} --model openmp --concurrency 10001 ${out})
# More requests in flight than the open-file limit allows: refused before any socket opens.
cli_case(fetch/concurrency-beyond-open-files 2
         "--concurrency: 1000 requests in flight per rank need about 2256 open files" prlimit
         --nofile=1024:1024 ${bin} --model eventloop --concurrency 1000 --size 2000 ${out})
cli_case(fetch/concurrency-for-serial 2
         "--concurrency: fetch/serial keeps one request in flight per rank" ${bin} --model serial
         --concurrency 4 ${out})
cli_case(fetch/concurrency-for-mpi 2 "--concurrency: fetch/mpi keeps one request in flight per rank"
         ${mpirun} -n 2 ${bin} --model mpi --concurrency 4 --size 10 ${out})
cli_case(fetch/latency-dist-unknown 2
         "--latency-dist: normal not in \\{fixed,exponential,lognormal\\}" ${bin}
         --latency-dist normal ${out})
cli_case(fetch/latency-negative 2 "--latency-ms: -1 is outside 0..60000" ${bin}
         --latency-ms=-1 ${out})
cli_case(fetch/latency-not-a-number 2 "--latency-ms: 'soon' is not a finite" ${bin}
         --latency-ms soon ${out})
cli_case(fetch/payload-zero 2 "--payload-bytes: '0' is zero" ${bin} --payload-bytes 0 ${out})
cli_case(fetch/payload-too-large 2 "--payload-bytes: 1000000000 exceeds the limit" ${bin}
         --payload-bytes 1G ${out})
cli_case(fetch/cpu-work-negative 2 "--cpu-work: '-3' is negative" ${bin} --cpu-work=-3 ${out})
cli_case(fetch/cpu-work-too-large 2 "--cpu-work: 1000000000 exceeds the limit of 100000000" ${bin}
         --cpu-work 1G ${out})
cli_case(fetch/port-out-of-range 2 "--port: Value 70000 not in range 0 to 65535" ${bin}
         --port 70000 ${out})
cli_case(fetch/port-in-use 2 "--port [0-9]+: cannot listen on 127.0.0.1: Address already in use"
         ${busy_port} ${bin} --port PORT --size 10 ${out})
# Every rank agrees with the node's server failing to start: one line, no hang.
cli_case(fetch/port-in-use-three-ranks 2 "--port [0-9]+: cannot listen on 127.0.0.1" ${busy_port}
         ${mpirun} -n 3 ${bin} --model mpi --port PORT --size 10 ${out})
cli_case(fetch/more-ranks-than-requests 2 "--size: 3 requests cannot be split over 4 ranks"
         ${mpirun} -n 4 ${bin} --model mpi --size 3 ${out})
cli_case(fetch/serial-on-two-ranks 2 "runs on one rank but 2 ranks were launched" ${mpirun} -n 2
         ${bin} --model serial --size 10 ${out})
cli_case(fetch/list-models 0 "^eventloop$" ${bin} --list-models)
cli_case(fetch/help 0 "--latency-dist" ${bin} --help)
# The production binary end to end: an event loop on each of 2 ranks runs, verifies, says so.
cli_case(fetch/eventloop-two-ranks 0 "fetch/eventloop ranks=2 .* verified" ${mpirun} -n 2 ${bin}
         --model eventloop --concurrency 8 --size 64 --reps 2)
# Blocking threads far beyond the cores and the driver's cap on --threads (16 per CPU): the
# record keeps threads=1, the in-flight count is the concurrency.
cli_case(fetch/openmp-concurrency-beyond-cap 0 "fetch/openmp ranks=1 threads=1 .* verified" ${bin}
         --model openmp --threads 1 --concurrency 100 --size 300 --reps 1)
# The benchmark's server alone (bench/fetch_server.cpp): bad input is one line, exit 2.
set(server $<TARGET_FILE:scalelab-fetch-server>)
cli_case(fetch-server/port-out-of-range 2 "--port: '70000' is not a number in 0..65535" ${server}
         --port 70000)
cli_case(fetch-server/latency-dist-unknown 2 "--latency-dist: 'normal' is unknown" ${server}
         --latency-dist normal)
cli_case(fetch-server/unknown-option 2 "unknown option '--threads'" ${server} --threads 4)
cli_case(fetch-server/missing-value 2 "--seed: needs a value" ${server} --seed)
cli_case(fetch-server/port-in-use 2 "--port [0-9]+: cannot listen on 127.0.0.1" ${busy_port}
         ${server} --port PORT)
# OpenMP starting fewer threads than --concurrency asks for: an error, not a record claiming
# more requests in flight than there were.
cli_case(fetch/openmp-team-short 3 "OpenMP started 8 of 16 threads" env OMP_THREAD_LIMIT=8 ${bin}
         --model openmp --concurrency 16 --size 50 ${out})
