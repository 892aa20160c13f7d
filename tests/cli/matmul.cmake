# SPDX-License-Identifier: MIT
# scalelab-matmul's own bad input (included by tests/cli/CMakeLists.txt, which defines
# cli_case, ${record} and the common cases).
set(bin $<TARGET_FILE:scalelab-matmul>)
set(out --output ${record})
set(mpirun ${MPIEXEC_EXECUTABLE} --oversubscribe)
set(h5dir ${CMAKE_CURRENT_BINARY_DIR}/matmul-inputs)
file(MAKE_DIRECTORY ${h5dir})
file(WRITE ${h5dir}/garbage.h5 "this is not an HDF5 file\n")

cli_case(matmul/values-unknown 2 "--values: ints not in \\{uniform,dyadic\\}" ${bin} --values ints
         ${out})
cli_case(matmul/weak-scaling 2 "--scaling weak: matmul does 2n.* work on n x n matrices" ${bin} --scaling weak
         --size 100 ${out})
cli_case(matmul/size-above-limit 2 "--size: 2000000000 is above matmul's limit" ${bin}
         --model openmp --size 2G ${out})
cli_case(matmul/size-beyond-memory 2 "--size: 1000000 needs .* GiB, but only .* GiB" ${bin}
         --model openmp --size 1M ${out})
cli_case(matmul/too-few-rows-for-grid 2 "--size: 2 rows cannot be split over 3 ranks \\(a 3x1"
         ${mpirun} -n 3 ${bin} --model mpi --size 2 ${out})
cli_case(matmul/save-missing-dir 2 "--save: .* directory .* does not exist" ${bin} --size 10
         --save ${h5dir}/no/such/dir/out.h5 ${out})
cli_case(matmul/save-is-directory 2 "--save: .* is a directory" ${bin} --size 10 --save ${h5dir}
         ${out})
cli_case(matmul/input-missing 2 "--input: '.*/missing.h5' does not exist" ${bin} --input
         ${h5dir}/missing.h5 ${out})
cli_case(matmul/input-not-hdf5 2 "--input: '.*/garbage.h5' is missing or not a readable HDF5 file"
         ${mpirun} -n 2 ${bin} --model mpi --input ${h5dir}/garbage.h5 ${out})

# A good input file (written by --save), and a copy cut in half: shared by the cases below.
cli_case(matmul/save-input-file 0 "matmul/serial .* verified" ${bin} --size 8 --values dyadic
         --save ${h5dir}/good.h5)
add_test(NAME cli/matmul/truncate-input-file
         COMMAND sh -c "head -c 1500 '${h5dir}/good.h5' > '${h5dir}/truncated.h5'")
set_tests_properties(cli/matmul/save-input-file PROPERTIES FIXTURES_SETUP matmul_input)
set_tests_properties(cli/matmul/truncate-input-file PROPERTIES LABELS cli
                     FIXTURES_REQUIRED matmul_input FIXTURES_SETUP matmul_truncated)

cli_case(matmul/input-truncated 2 "--input: '.*/truncated.h5' is missing or not a readable HDF5"
         ${mpirun} -n 2 ${bin} --model hybrid --threads 1 --input ${h5dir}/truncated.h5 ${out})
cli_case(matmul/input-size-mismatch 2 "--size 9: --input '.*/good.h5' holds 8x8 matrices" ${bin}
         --input ${h5dir}/good.h5 --size 9 ${out})
cli_case(matmul/input-with-values 2 "--values: cannot be combined with --input" ${bin}
         --input ${h5dir}/good.h5 --values uniform ${out})
cli_case(matmul/input-read-back 0 "matmul/mpi ranks=3 threads=1 size=8: .* verified" ${mpirun} -n 3
         ${bin} --model mpi --input ${h5dir}/good.h5)
set_tests_properties(cli/matmul/input-size-mismatch cli/matmul/input-with-values
                     cli/matmul/input-read-back PROPERTIES FIXTURES_REQUIRED matmul_input)
set_tests_properties(cli/matmul/input-truncated PROPERTIES FIXTURES_REQUIRED matmul_truncated)

cli_case(matmul/eigen-one-thread-by-default 0 "matmul/eigen ranks=1 threads=1 " ${bin} --model eigen
         --size 64)
cli_case(matmul/help-lists-values 0 "--values" ${bin} --help)
make_fifo(${h5dir}/pipe.h5)
fifo_case(matmul/input-fifo 2 "--input: '.*/pipe.h5' is a FIFO" ${bin} --input ${h5dir}/pipe.h5
          ${out})
cli_case(matmul/input-empty-path 2 "--input: an empty path" ${empty_last} ${bin} ${out} --input)
