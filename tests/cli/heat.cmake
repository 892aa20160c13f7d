# SPDX-License-Identifier: MIT
# scalelab-heat's own bad input (included by tests/cli/CMakeLists.txt, which defines
# cli_case and ${record}): exit 2, one line naming the option or file, no record.
set(bin $<TARGET_FILE:scalelab-heat>)
set(out --output ${record})
set(mpirun ${MPIEXEC_EXECUTABLE} --oversubscribe)
set(small --size 16x12 --steps 2)
cli_case(heat/steps-zero 2 "--steps: '0' is zero" ${bin} --steps 0 ${out})
cli_case(heat/steps-not-a-number 2 "--steps: 'many' is not a number" ${bin} --steps many ${out})
cli_case(heat/alpha-unstable 2 "--alpha: 0.3 is not in \\(0, 0.25\\]" ${bin} --alpha 0.3 ${out})
cli_case(heat/alpha-zero 2 "--alpha: 0 is not in \\(0, 0.25\\]" ${bin} --alpha 0 ${out})
cli_case(heat/boundary-unknown 2 "--boundary: periodic not in \\{fixed,insulated\\}" ${bin}
         --boundary periodic ${out})
cli_case(heat/size-zero 2 "--size: '0' is zero" ${bin} --size 0 ${out})
cli_case(heat/size-zero-width 2 "--size: '0x5' is not a grid NX or NXxNY" ${bin} --size 0x5 ${out})
cli_case(heat/size-half-grid 2 "--size: '64x' is not a grid" ${bin} --size=64x ${out})
cli_case(heat/size-not-a-number 2 "--size: 'abc' is not a number" ${bin} --size abc ${out})
cli_case(heat/size-overflow 2 "--size: 5000000000x5000000000 cells do not fit in 64 bits" ${bin}
         --size 5G ${out})
cli_case(heat/size-exceeds-memory 2 "--size: the run needs .* GB on one node" ${bin}
         --size 200k ${out})
cli_case(heat/grid-smaller-than-process-grid 2
         "--size: the 3x1 grid is smaller than the 2x2 process grid of 4 ranks" ${mpirun} -n 4
         ${bin} --model mpi --size 3x1 ${out})
cli_case(heat/checkpoint-every-alone 2 "--checkpoint-every: needs --checkpoint FILE.h5" ${bin}
         ${small} --checkpoint-every 5 ${out})
cli_case(heat/snapshot-every-alone 2 "--snapshot-every: needs --snapshot FILE.h5" ${bin}
         ${small} --snapshot-every 5 ${out})
cli_case(heat/checkpoint-dir-missing 2 "--checkpoint: '/no/such/dir/c.h5' cannot be created: directory '/no/such/dir' does not exist"
         ${bin} ${small} --checkpoint /no/such/dir/c.h5 ${out})
cli_case(heat/snapshot-is-directory 2 "--snapshot: '/tmp' is a directory" ${bin} ${small}
         --snapshot /tmp ${out})
cli_case(heat/restart-missing 2 "--restart: '/no/such/c.h5' does not exist" ${bin} ${small}
         --restart /no/such/c.h5 ${out})
# Checked before MPI-IO and HDF5 see the path: one line, no error stack, no wait on a FIFO.
cli_case(heat/restart-directory 2 "--restart: '/tmp' is a directory, not a file" ${mpirun} -n 2
         ${bin} --model mpi ${small} --restart /tmp ${out})
make_fifo(${CMAKE_CURRENT_BINARY_DIR}/heat-restart-pipe.h5)
fifo_case(heat/restart-fifo 2 "--restart: '.*/heat-restart-pipe.h5' is a FIFO" ${mpirun} -n 2
          ${bin} --model mpi ${small} --restart ${CMAKE_CURRENT_BINARY_DIR}/heat-restart-pipe.h5
          ${out})
cli_case(heat/restart-empty-path 2 "--restart: an empty path" ${empty_last} ${bin} ${small} ${out}
         --restart)
cli_case(heat/boundary-value-overflows 2 "--boundary-value: 1e\\+308 is beyond \\+-1e100" ${bin}
         ${small} --boundary-value 1e308 ${out})
cli_case(heat/boundary-value-nan 2 "--boundary-value: 'nan' is not a finite decimal number" ${bin}
         ${small} --boundary-value nan ${out})
cli_case(heat/alpha-nan 2 "--alpha: 'nan' is not a finite decimal number" ${bin} ${small} --alpha
         nan ${out})
cli_case(heat/restart-not-hdf5 2 "--restart: '.*heat.cmake' is missing or not a readable HDF5"
         ${mpirun} -n 2 ${bin} --model mpi ${small} --restart ${CMAKE_CURRENT_LIST_FILE} ${out})
cli_case(heat/time-block-zero 2 "--time-block: '0' is zero" ${bin} ${small} --time-block 0 ${out})
cli_case(heat/time-block-not-a-number 2 "--time-block: 'eight' is not a number" ${bin} ${small}
         --time-block eight ${out})
cli_case(heat/time-block-wider-than-grid 2
         "--time-block: 24 ghost layers are wider than the smallest rank block \\(37x23 cells of the 37x23 grid on 1x1 ranks\\).* at most 23"
         ${bin} --size 37x23 --steps 30 --time-block 24 ${out})
# Refused on every rank alike (the block sizes are known everywhere): no rank waits.
cli_case(heat/time-block-wider-than-block 2
         "--time-block: 12 ghost layers are wider than the smallest rank block \\(18x11 cells of the 37x23 grid on 2x2 ranks\\).* at most 11"
         ${mpirun} -n 4 ${bin} --model hybrid --size 37x23 --steps 30 --time-block 12 ${out})
# An absurd K on the default grid is about --time-block, not the memory its ghosts would need.
cli_case(heat/time-block-absurd 2 "--time-block: 1000000000 ghost layers are wider" ${bin}
         --time-block 1G ${out})
cli_case(heat/time-block-eigen 2
         "--time-block: 8 needs temporal blocking, which the eigen model does not have" ${bin}
         --model eigen ${small} --time-block 8 ${out})
cli_case(heat/help 0 "--checkpoint-every" ${bin} --help)
cli_case(heat/list-models 0 "^eigen$" ${bin} --list-models)

# Checkpoint files that are truncated, corrupt or of another run: refused with one line each,
# at the command line (the script makes them with the real binary first).
add_test(NAME cli/heat/bad-checkpoints
         COMMAND ${CMAKE_SOURCE_DIR}/tests/apps/heat/bad_checkpoints.sh $<TARGET_FILE:scalelab-heat>
                 ${CMAKE_CURRENT_SOURCE_DIR}/expect_exit.sh ${CMAKE_CURRENT_BINARY_DIR}/heat-bad)
set_tests_properties(cli/heat/bad-checkpoints PROPERTIES ENVIRONMENT "${SCALELAB_TEST_ENV}"
                     LABELS cli TIMEOUT 120)
# A checkpoint whose field dataset HDF5 cannot open (found by scripts/fuzz.sh) is bad input.
cli_case(heat/restart-unopenable-field 2 "--restart: .* is not a readable heat checkpoint" ${bin}
         --size 8x8 --steps 10 --restart
         ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/heat_checkpoint/crash-54c2a1d1c3c95a6b24e8684accbcdb1892c576ad
         ${out})
