# SPDX-License-Identifier: MIT
# scalelab-groupby's own bad input (included by tests/cli/CMakeLists.txt, which defines
# cli_case, ${record} and the common cases). Input files are written at configure time.
set(bin $<TARGET_FILE:scalelab-groupby>)
set(gen $<TARGET_FILE:scalelab-groupby-gen>)
set(out --output ${record})
set(mpirun ${MPIEXEC_EXECUTABLE} --oversubscribe)
set(fx ${CMAKE_CURRENT_BINARY_DIR}/groupby-inputs)
file(MAKE_DIRECTORY ${fx})
file(WRITE ${fx}/empty.csv "")
file(WRITE ${fx}/wrong-header.csv "date,unit,mw\n2024/01/01 00:05:00,A,1\n")
file(WRITE ${fx}/bad-line.csv
     "SETTLEMENTDATE,DUID,SCADAVALUE\n2024/01/01 00:05:00,A,1\n2024/01/01 00:05:00,B,lots\n")
file(WRITE ${fx}/corrupt.h5 "not an HDF5 file\n")

cli_case(groupby/input-missing 2 "--input: '.*/nope.csv' does not exist" ${bin} --input
         ${fx}/nope.csv ${out})
cli_case(groupby/input-directory 2 "--input: .* is a directory" ${bin} --input ${fx} ${out})
cli_case(groupby/input-empty 2 "--input: .*empty.csv' is empty" ${bin} --input ${fx}/empty.csv
         ${out})
cli_case(groupby/input-wrong-header 2 "line 1 is 'date,unit,mw', expected the header" ${bin}
         --input ${fx}/wrong-header.csv ${out})
cli_case(groupby/bad-line-fatal 2 "bad-line.csv:3: SCADAVALUE is not a finite number" ${bin}
         --input ${fx}/bad-line.csv ${out})
cli_case(groupby/bad-line-fatal-three-ranks 2 "bad-line.csv:3: SCADAVALUE" ${mpirun} -n 3 ${bin}
         --model hybrid --threads 2 --input ${fx}/bad-line.csv ${out})
cli_case(groupby/bad-line-skip 0 "groupby/serial .* verified" ${bin} --input ${fx}/bad-line.csv
         --on-bad-line skip --reps 1)
cli_case(groupby/hdf5-corrupt 2 "--input: .*corrupt.h5' is missing or not a readable HDF5" ${bin}
         --input ${fx}/corrupt.h5 ${out})
cli_case(groupby/hdf5-corrupt-two-ranks 2 "corrupt.h5' is missing or not a readable HDF5"
         ${mpirun} -n 2 ${bin} --model mpi --input ${fx}/corrupt.h5 ${out})
cli_case(groupby/by-unknown 2 "--by: unit not in \\{date,duid,both\\}" ${bin} --by unit ${out})
cli_case(groupby/on-bad-line-unknown 2 "--on-bad-line: ignore not in \\{fatal,skip\\}" ${bin}
         --on-bad-line ignore ${out})
cli_case(groupby/input-and-size 2 "--input excludes --size|--size excludes --input" ${bin}
         --input ${fx}/bad-line.csv --size 10 ${out})
cli_case(groupby/out-missing-dir 2 "--out: '.*' cannot be created: directory .* does not exist" ${bin} --size 100
         --out ${fx}/no/such/table.csv ${out})
cli_case(groupby/out-is-directory 2 "--out: .* is a directory" ${bin} --size 100 --out ${fx}
         ${out})
cli_case(groupby/eigen-threads 2 "--threads 2: groupby/eigen runs one thread" ${bin} --model eigen
         --threads 2 ${out})
cli_case(groupby/serial-on-two-ranks 2 "runs on one rank but 2 ranks were launched" ${mpirun} -n 2
         ${bin} --model serial --size 100 ${out})
cli_case(groupby/gen-convert-bad-line 2 "bad-line.csv:3: SCADAVALUE" ${gen} --convert
         ${fx}/bad-line.csv --output ${fx}/out.h5)
cli_case(groupby/gen-needs-a-mode 2 "give --rows N" ${gen} --output ${fx}/x.csv)
cli_case(groupby/list-models 0 "^eigen$" ${bin} --list-models)
cli_case(groupby/help 0 "--on-bad-line" ${bin} --help)
cli_case(groupby/input-weak-scaling 2 "--scaling weak: the rows of an --input file cannot be"
         ${bin} --model openmp --threads 2 --scaling weak --input ${fx}/bad-line.csv
         --on-bad-line skip ${out})
make_fifo(${fx}/pipe.csv)
fifo_case(groupby/input-fifo 2 "--input: '.*/pipe.csv' is a FIFO" ${bin} --input ${fx}/pipe.csv
          ${out})
fifo_case(groupby/input-fifo-two-ranks 2 "--input: '.*/pipe.csv' is a FIFO" ${mpirun} -n 2 ${bin}
          --model mpi --input ${fx}/pipe.csv ${out})
cli_case(groupby/input-empty-path 2 "--input: an empty path" ${empty_last} ${bin} ${out} --input)
file(WRITE ${fx}/header-only.csv "SETTLEMENTDATE,DUID,SCADAVALUE\n")
cli_case(groupby/input-header-only 2 "--input: '.*header-only.csv' has no data rows \\(only the"
         ${bin} --input ${fx}/header-only.csv ${out})
file(WRITE ${fx}/all-bad.csv "SETTLEMENTDATE,DUID,SCADAVALUE\n2024/01/01 00:05:00,A,lots\n")
cli_case(groupby/input-all-lines-skipped 2 "has no data rows \\(every line was malformed" ${bin}
         --input ${fx}/all-bad.csv --on-bad-line skip ${out})
# Binary bytes in a quoted line are escaped (\xNN), not echoed raw or cut at the NUL.
execute_process(COMMAND printf "PK\\003\\004\\000zip\\n" OUTPUT_FILE ${fx}/binary.csv)
cli_case(groupby/input-binary-header 2 "line 1 is 'PK.x03.x04.x00zip', expected the header" ${bin}
         --input ${fx}/binary.csv ${out})
# Extreme finite values: sums and deviations overflow a double unless accumulated with care.
file(WRITE ${fx}/extremes.csv
     "SETTLEMENTDATE,DUID,SCADAVALUE\n2024/01/01 00:05:00,A,1e308\n2024/01/01 00:05:00,B,-1e308\n"
     "2024/01/01 00:10:00,A,1e308\n2024/01/01 00:10:00,B,1e308\n2024/01/01 00:10:00,C,-1e308\n"
     "2024/01/01 00:15:00,A,-1.7e308\n2024/01/01 00:15:00,B,1.7e308\n")
foreach(model serial eigen)
  foreach(by date duid)
    cli_case(groupby/extreme-values-${model}-by-${by} 0 "groupby/${model} .* verified" ${bin}
             --model ${model} --by ${by} --input ${fx}/extremes.csv --reps 1)
  endforeach()
endforeach()
cli_case(groupby/extreme-values-hybrid 0 "groupby/hybrid .* verified" ${mpirun} -n 2 ${bin}
         --model hybrid --threads 2 --by both --input ${fx}/extremes.csv --reps 1)
# A value that underflows (1e-400) is malformed for the kernel and its verifier alike.
file(WRITE ${fx}/underflow.csv
     "SETTLEMENTDATE,DUID,SCADAVALUE\n2024/01/01 00:05:00,A,1\n2024/01/01 00:05:00,B,1e-400\n")
cli_case(groupby/value-underflow-fatal 2 "underflow.csv:3: SCADAVALUE is not a finite number"
         ${bin} --input ${fx}/underflow.csv ${out})
cli_case(groupby/value-underflow-skip 0 "groupby/serial .* verified" ${bin} --input
         ${fx}/underflow.csv --on-bad-line skip --reps 1)
make_sparse(${fx}/sparse-1T.csv 1T)
cli_case(groupby/input-exceeds-memory 2
         "--input: '.*/sparse-1T.csv' needs about .* GB of memory on one node, but only" ${bin}
         --input ${fx}/sparse-1T.csv ${out})
