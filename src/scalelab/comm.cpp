#include "scalelab/comm.hpp"

#include "scalelab/errors.hpp"

namespace scalelab {

MpiSession::MpiSession(int* argc, char*** argv) {
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided_);
  if (provided_ < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw RuntimeError("the MPI library provides thread level " + std::to_string(provided_) +
                       ", ScaleLab needs MPI_THREAD_FUNNELED for its hybrid models");
  }
  // Errors become return codes we turn into messages, instead of an abort without context.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
}

MpiSession::~MpiSession() {
  MPI_Finalize();
}

Comm::Comm(MPI_Comm comm) : comm_(comm) {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

namespace {
void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(rc, text, &length);
    throw RuntimeError(std::string(what) + " failed: " + std::string(text, length));
  }
}
}  // namespace

void Comm::barrier() const {
  check(MPI_Barrier(comm_), "MPI_Barrier");
}

double Comm::max(double local) const {
  double out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_DOUBLE, MPI_MAX, comm_), "MPI_Allreduce");
  return out;
}

double Comm::sum(double local) const {
  double out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_DOUBLE, MPI_SUM, comm_), "MPI_Allreduce");
  return out;
}

std::uint64_t Comm::sum(std::uint64_t local) const {
  std::uint64_t out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_UINT64_T, MPI_SUM, comm_), "MPI_Allreduce");
  return out;
}

std::uint64_t Comm::max(std::uint64_t local) const {
  std::uint64_t out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_UINT64_T, MPI_MAX, comm_), "MPI_Allreduce");
  return out;
}

int Comm::max(int local) const {
  int out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_INT, MPI_MAX, comm_), "MPI_Allreduce");
  return out;
}

int Comm::min(int local) const {
  int out = 0;
  check(MPI_Allreduce(&local, &out, 1, MPI_INT, MPI_MIN, comm_), "MPI_Allreduce");
  return out;
}

bool Comm::all(bool local) const {
  return min(local ? 1 : 0) == 1;
}

std::string Comm::broadcast(const std::string& text, int root) const {
  int length = static_cast<int>(text.size());
  check(MPI_Bcast(&length, 1, MPI_INT, root, comm_), "MPI_Bcast");
  std::string out = rank_ == root ? text : std::string(static_cast<std::size_t>(length), '\0');
  check(MPI_Bcast(out.data(), length, MPI_CHAR, root, comm_), "MPI_Bcast");
  return out;
}

std::vector<std::string> Comm::gather(const std::string& text, int root) const {
  const int length = static_cast<int>(text.size());
  std::vector<int> lengths(rank_ == root ? size_ : 0);
  check(MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, root, comm_), "MPI_Gather");
  std::vector<int> offsets(lengths.size(), 0);
  int total = 0;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    offsets[i] = total;
    total += lengths[i];
  }
  std::string joined(static_cast<std::size_t>(total), '\0');
  check(MPI_Gatherv(text.data(), length, MPI_CHAR, joined.data(), lengths.data(), offsets.data(),
                    MPI_CHAR, root, comm_),
        "MPI_Gatherv");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    out.push_back(
        joined.substr(static_cast<std::size_t>(offsets[i]), static_cast<std::size_t>(lengths[i])));
  }
  return out;
}

std::vector<std::uint64_t> Comm::all_gather(std::uint64_t local) const {
  std::vector<std::uint64_t> out(static_cast<std::size_t>(size_));
  check(MPI_Allgather(&local, 1, MPI_UINT64_T, out.data(), 1, MPI_UINT64_T, comm_),
        "MPI_Allgather");
  return out;
}

}  // namespace scalelab
