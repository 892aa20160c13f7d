// SPDX-License-Identifier: MIT
// fetch's pure functions, and its server and client over real loopback sockets: a good
// answer, and each way a server can fail a client (gone, silent, hanging up mid-answer),
// which must be an error within the timeout, never a hang.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "protocol.hpp"
#include "scalelab/errors.hpp"
#include "server.hpp"
#include "socket.hpp"

namespace scalelab::fetch {
namespace {

using std::chrono::milliseconds;

ResponseSpec spec(LatencyDist dist, double mean_ms, std::uint64_t payload_bytes = 100) {
  return ResponseSpec{7, dist, mean_ms, payload_bytes};
}

double mean_latency(const ResponseSpec& s, std::uint64_t n) {
  double sum = 0;
  for (std::uint64_t id = 0; id < n; ++id) sum += s.latency_ms(id);
  return sum / static_cast<double>(n);
}

TEST(FetchProtocol, EveryDistributionHasTheRequestedMean) {
  EXPECT_EQ(spec(LatencyDist::kFixed, 3.0).latency_ms(12345), 3.0);
  EXPECT_NEAR(mean_latency(spec(LatencyDist::kExponential, 2.0), 200'000), 2.0, 0.03);
  EXPECT_NEAR(mean_latency(spec(LatencyDist::kLognormal, 2.0), 200'000), 2.0, 0.06);
}

TEST(FetchProtocol, LatenciesArePureFunctionsOfSeedAndId) {
  const ResponseSpec a = spec(LatencyDist::kLognormal, 1.0);
  const ResponseSpec b = spec(LatencyDist::kLognormal, 1.0);
  ResponseSpec other_seed = a;
  other_seed.seed = 8;
  EXPECT_EQ(a.latency_ms(99), b.latency_ms(99));
  EXPECT_NE(a.latency_ms(99), a.latency_ms(100));
  EXPECT_NE(a.latency_ms(99), other_seed.latency_ms(99));
  for (std::uint64_t id = 0; id < 1000; ++id) EXPECT_GE(a.latency_ms(id), 0.0);
}

TEST(FetchProtocol, PayloadsAreDeterministicAndDistinct) {
  const ResponseSpec s = spec(LatencyDist::kFixed, 0, 1001);
  EXPECT_EQ(s.payload(5).size(), 1001u);
  EXPECT_EQ(s.payload(5), s.payload(5));
  EXPECT_NE(s.payload(5), s.payload(6));
}

TEST(FetchProtocol, OneFlippedByteChangesTheChecksumAndDigest) {
  const std::string payload = spec(LatencyDist::kFixed, 0, 512).payload(3);
  std::string corrupted = payload;
  corrupted[200] = static_cast<char>(corrupted[200] ^ 0x01);
  EXPECT_NE(checksum(payload), checksum(corrupted));
  EXPECT_NE(digest(3, checksum(payload), 10), digest(3, checksum(corrupted), 10));
  EXPECT_NE(digest(3, checksum(payload), 0), digest(3, checksum(payload), 1));
}

TEST(FetchProtocol, ResponseHeaderParsing) {
  std::uint64_t length = 0;
  std::string header = response_header(4096);
  ASSERT_EQ(header.back(), '\n');
  header.pop_back();
  EXPECT_TRUE(parse_response_header(header, length));
  EXPECT_EQ(length, 4096u);
  for (const char* bad : {"OK ", "OK 12x", "ERR bad request", "OK -1", "ok 5"}) {
    EXPECT_FALSE(parse_response_header(bad, length)) << bad;
  }
}

TEST(FetchServer, AnswersWithTheExpectedPayload) {
  const ResponseSpec s = spec(LatencyDist::kExponential, 0.5, 3000);
  const Server server(s, 0);
  const Socket connection = connect_loopback(server.port(), milliseconds(5000));
  Reader reader(connection);
  for (const std::uint64_t id : {0u, 17u, 3u}) {
    EXPECT_EQ(fetch_one(connection, reader, id), s.payload(id));
  }
}

TEST(FetchServer, AnswersManyConnectionsAtOnce) {
  // Every request is sent before any answer is read: all of them wait at once.
  const ResponseSpec s = spec(LatencyDist::kExponential, 20, 500);
  const Server server(s, 0);
  std::vector<Socket> connections;
  for (std::uint64_t id = 0; id < 300; ++id) {
    connections.push_back(connect_loopback(server.port(), milliseconds(5000)));
    send_all(connections.back(), request_line(id));
  }
  for (std::uint64_t id = 0; id < connections.size(); ++id) {
    Reader reader(connections[id]);
    std::string header;
    ASSERT_TRUE(reader.read_line(header));
    std::uint64_t length = 0;
    ASSERT_TRUE(parse_response_header(header, length)) << header;
    EXPECT_EQ(reader.read_exact(length), s.payload(id)) << "request " << id;
  }
}

TEST(FetchServer, AShortWaitIsAnsweredWhileALongOneIsPending) {
  // Mean one minute: some ids wait over 30 s, some under 50 ms.
  const ResponseSpec s = spec(LatencyDist::kExponential, 60'000);
  std::uint64_t long_id = 0;
  while (s.latency_ms(long_id) < 30'000) ++long_id;
  std::uint64_t short_id = 0;
  while (s.latency_ms(short_id) > 50) ++short_id;
  const Server server(s, 0);
  const Socket waiting = connect_loopback(server.port(), milliseconds(5000));
  send_all(waiting, request_line(long_id));
  const Socket connection = connect_loopback(server.port(), milliseconds(5000));
  Reader reader(connection);
  EXPECT_EQ(fetch_one(connection, reader, short_id), s.payload(short_id));
}  // the server stops with the long request unanswered

TEST(FetchServer, AClientNotReadingItsAnswerDoesNotStopOthers) {
  // 8 MiB answers fill the socket buffers: the server sends them in parts as they drain.
  const ResponseSpec s = spec(LatencyDist::kFixed, 0, 8 << 20);
  const Server server(s, 0);
  const Socket slow = connect_loopback(server.port(), milliseconds(5000));
  send_all(slow, request_line(1));
  const Socket other = connect_loopback(server.port(), milliseconds(5000));
  Reader other_reader(other);
  EXPECT_EQ(fetch_one(other, other_reader, 2), s.payload(2));
  Reader slow_reader(slow);  // reads its answer only now, all of it
  std::string header;
  ASSERT_TRUE(slow_reader.read_line(header));
  EXPECT_EQ(header + "\n", response_header(8 << 20));
  EXPECT_EQ(slow_reader.read_exact(8 << 20), s.payload(1));
}

TEST(FetchServer, AClientLeavingBeforeItsAnswerDoesNotStopOthers) {
  const ResponseSpec s = spec(LatencyDist::kFixed, 20);
  const Server server(s, 0);
  {
    const Socket gone = connect_loopback(server.port(), milliseconds(5000));
    send_all(gone, request_line(1));
  }  // closed before its answer is due
  const Socket connection = connect_loopback(server.port(), milliseconds(5000));
  Reader reader(connection);
  EXPECT_EQ(fetch_one(connection, reader, 3), s.payload(3));
}

TEST(FetchServer, RequestsSentTogetherAreAnsweredInOrder) {
  const ResponseSpec s = spec(LatencyDist::kExponential, 5);
  const Server server(s, 0);
  const Socket connection = connect_loopback(server.port(), milliseconds(5000));
  send_all(connection, request_line(4) + request_line(9));
  Reader reader(connection);
  for (const std::uint64_t id : {4u, 9u}) {
    std::string header;
    ASSERT_TRUE(reader.read_line(header));
    EXPECT_EQ(header + "\n", response_header(100));
    EXPECT_EQ(reader.read_exact(100), s.payload(id));
  }
}

TEST(FetchServer, ABadRequestIsRefusedAndItsConnectionClosed) {
  const Server server(spec(LatencyDist::kFixed, 0), 0);
  const Socket connection = connect_loopback(server.port(), milliseconds(5000));
  send_all(connection, "PUT 1\n");
  Reader reader(connection);
  std::string line;
  ASSERT_TRUE(reader.read_line(line));
  EXPECT_EQ(line, "ERR bad request");
  EXPECT_FALSE(reader.read_line(line)) << "still open, sent: " << line;
}

TEST(FetchServer, APortInUseIsAUsageErrorNamingPort) {
  const Socket taken = listen_loopback(0);
  const int port = local_port(taken);
  try {
    const Server server(spec(LatencyDist::kFixed, 0), port);
    FAIL() << "a second listener on port " << port << " started";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--port " + std::to_string(port)), std::string::npos)
        << e.what();
  }
}

TEST(FetchClient, NoServerIsARuntimeError) {
  int port = 0;
  {
    const Server server(spec(LatencyDist::kFixed, 0), 0);
    port = server.port();
  }  // stopped: nothing listens on the port any more
  EXPECT_THROW(connect_loopback(port, milliseconds(1000)), RuntimeError);
}

TEST(FetchClient, ASilentServerTimesOut) {
  // Listens (the kernel completes the handshake) but never reads nor answers.
  const Socket silent = listen_loopback(0);
  const Socket connection = connect_loopback(local_port(silent), milliseconds(200));
  Reader reader(connection);
  try {
    fetch_one(connection, reader, 1);
    FAIL() << "a request to a silent server returned";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("timed out"), std::string::npos) << e.what();
  }
}

TEST(FetchClient, AServerHangingUpMidAnswerIsARuntimeError) {
  const Socket listener = listen_loopback(0);
  std::thread half_answer([&] {
    const Socket accepted(::accept(listener.fd(), nullptr, nullptr));
    Reader reader(accepted);
    std::string line;
    reader.read_line(line);
    send_all(accepted, response_header(100) + "only a part");
  });  // the accepted socket closes here
  const Socket connection = connect_loopback(local_port(listener), milliseconds(5000));
  Reader reader(connection);
  try {
    fetch_one(connection, reader, 1);
    FAIL() << "a cut answer was accepted";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("closed in the middle"), std::string::npos) << e.what();
  }
  half_answer.join();
}

}  // namespace
}  // namespace scalelab::fetch
