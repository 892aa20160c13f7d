# SPDX-License-Identifier: MIT
# scalelab-wordcount's own bad input (included by tests/cli/CMakeLists.txt, which defines
# cli_case, ${record} and the common cases): exit 2, one line naming the problem, no record.
set(bin $<TARGET_FILE:scalelab-wordcount>)
set(out --output ${record})
set(mpirun ${MPIEXEC_EXECUTABLE} --oversubscribe)
set(wcdir ${CMAKE_CURRENT_BINARY_DIR}/wordcount-inputs)
file(MAKE_DIRECTORY ${wcdir}/emptydir ${wcdir}/sub)
file(WRITE ${wcdir}/empty.txt "")
file(WRITE ${wcdir}/blank.txt "  \n\t\n")
file(WRITE ${wcdir}/good.txt "a few good words\n")
cli_case(wordcount/input-missing 2 "--input: '.*/nope.txt' does not exist" ${bin}
         --input ${wcdir}/nope.txt ${out})
cli_case(wordcount/input-glob-matches-nothing 2 "--input: '.*/nothing-\\*.txt' matches no file"
         ${bin} --input ${wcdir}/nothing-*.txt ${out})
cli_case(wordcount/input-glob-matches-directory 2 "--input: '.*/sub' is a directory" ${bin}
         --input ${wcdir}/su? ${out})
cli_case(wordcount/input-empty-directory 2 "--input: directory '.*/emptydir' has no files" ${bin}
         --input ${wcdir}/emptydir ${out})
cli_case(wordcount/empty-corpus 2 "--input: the corpus is empty" ${bin} --input ${wcdir}/empty.txt
         ${out})
cli_case(wordcount/whitespace-corpus 2 "--input: the corpus has no words" ${bin}
         --input ${wcdir}/blank.txt ${out})
cli_case(wordcount/empty-corpus-on-three-ranks 2 "--input: the corpus has no words" ${mpirun} -n 3
         ${bin} --model hybrid --threads 2 --input ${wcdir}/blank.txt ${out})
cli_case(wordcount/generated-without-words 2 "--size: the corpus has no words" ${bin} --size 1
         ${out})
cli_case(wordcount/input-and-size 2 "--input excludes --size|--size excludes --input" ${bin}
         --input ${wcdir}/good.txt --size 10 ${out})
cli_case(wordcount/input-and-generate 2 "excludes" ${bin} --input ${wcdir}/good.txt
         --generate 1k ${out})
cli_case(wordcount/input-weak 2 "--size: with --input the size is the input's 17 bytes" ${bin}
         --model openmp --threads 2 --scaling weak --input ${wcdir}/good.txt ${out})
cli_case(wordcount/pipeline-without-input 2 "--pipeline: needs --input" ${bin} --pipeline ${out})
cli_case(wordcount/pipeline-eigen 2 "--pipeline: wordcount/eigen" ${bin} --model eigen --pipeline
         --input ${wcdir}/good.txt ${out})
cli_case(wordcount/counts-eigen 2 "--counts: wordcount/eigen computes the total only" ${bin}
         --model eigen --counts ${wcdir}/c.tsv ${out})
cli_case(wordcount/counts-is-directory 2 "--counts: '.*' is a directory" ${bin} --size 1k
         --counts ${wcdir} ${out})
cli_case(wordcount/counts-missing-dir 2 "--counts: '.*' cannot be created: directory '.*/no/such' does not exist"
         ${bin} --size 1k --counts ${wcdir}/no/such/c.tsv ${out})
cli_case(wordcount/top-negative 2 "--top: '-1' is negative" ${bin} --top=-1 ${out})
cli_case(wordcount/top-too-large 2 "--top: 2M exceeds the limit" ${bin} --top 2M ${out})
cli_case(wordcount/chunk-zero 2 "--chunk: '0' is zero" ${bin} --chunk 0 ${out})
cli_case(wordcount/generate-not-a-number 2 "--generate: 'lots' is not a number" ${bin}
         --generate lots ${out})
cli_case(wordcount/serial-on-two-ranks 2 "runs on one rank but 2 ranks were launched" ${mpirun}
         -n 2 ${bin} --model serial --size 1k ${out})
cli_case(wordcount/list-models 0 "^eigen$" ${bin} --list-models)
cli_case(wordcount/help 0 "--pipeline" ${bin} --help)
# A good run at 3 ranks on a file smaller than the rank count.
file(WRITE ${wcdir}/tiny.txt "ab")
cli_case(wordcount/tiny-file-three-ranks 0 "wordcount/mpi ranks=3 .* verified" ${mpirun} -n 3
         ${bin} --model mpi --input ${wcdir}/tiny.txt --reps 1)
cli_case(wordcount/chunk-too-large 2 "--chunk: 2Gi exceeds the limit of 1Gi" ${bin} --chunk 2Gi
         ${out})
# Inputs that are not regular files are refused without blocking: a FIFO (named, or matched
# by a glob; on two ranks every rank exits), and an input too large for memory is refused
# with the estimate before it is read (a sparse file: no disk blocks).
make_fifo(${wcdir}/pipe)
fifo_case(wordcount/input-fifo 2 "--input: '.*/pipe' is a FIFO \\(named pipe\\), not a regular file"
          ${bin} --input ${wcdir}/pipe ${out})
fifo_case(wordcount/input-glob-matches-fifo 2 "--input: '.*/pipe' is a FIFO" ${bin}
          --input ${wcdir}/pip? ${out})
fifo_case(wordcount/input-fifo-two-ranks 2 "--input: '.*/pipe' is a FIFO" ${mpirun} -n 2 ${bin}
          --model mpi --input ${wcdir}/pipe ${out})
make_sparse(${wcdir}/sparse-64G.txt 64G)
cli_case(wordcount/input-exceeds-memory 2 "--size: the run needs .* GB on one node .* available"
         ${bin} --input ${wcdir}/sparse-64G.txt ${out})
