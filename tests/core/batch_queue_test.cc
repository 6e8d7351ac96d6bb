#include "core/batch_queue.h"

#include <catch2/catch.hpp>
#include <optional>
#include <thread>
#include <vector>

namespace chronicle {
namespace {

TEST_CASE("a BatchQueue hands batches over in order, then ends when closed",
          "[core][batch_queue]") {
  BatchQueue<int> queue(/*capacity=*/2);  // the producer waits on the consumer often
  std::thread producer([&queue] {
    for (int batch_idx = 0; batch_idx < 500; ++batch_idx) {
      REQUIRE(queue.Push({2 * batch_idx, 2 * batch_idx + 1}));
    }
    queue.Close();
  });
  std::vector<int> received;
  while (std::optional<std::vector<int>> batch = queue.Pop()) {
    received.insert(received.end(), batch->begin(), batch->end());
  }
  producer.join();
  REQUIRE(received.size() == 1000);
  for (int item = 0; item < 1000; ++item) CHECK(received[item] == item);
  CHECK_FALSE(queue.Pop().has_value());  // closed and empty stays so
}

TEST_CASE("batches pushed before Close are still popped", "[core][batch_queue]") {
  BatchQueue<int> queue(/*capacity=*/4);
  REQUIRE(queue.Push({1}));
  REQUIRE(queue.Push({2, 3}));
  queue.Close();
  CHECK(queue.Pop() == std::vector<int>{1});
  CHECK(queue.Pop() == std::vector<int>{2, 3});
  CHECK_FALSE(queue.Pop().has_value());
}

TEST_CASE("Stop releases a producer waiting on a full queue and drops what waits",
          "[core][batch_queue]") {
  BatchQueue<int> queue(/*capacity=*/1);
  REQUIRE(queue.Push({1}));
  bool second_push = true;
  std::thread producer([&] { second_push = queue.Push({2}); });  // waits: the queue is full
  queue.Stop();
  producer.join();
  CHECK_FALSE(second_push);
  CHECK_FALSE(queue.Push({3}));
  CHECK_FALSE(queue.Pop().has_value());  // the waiting batch {1} was dropped
}

}  // namespace
}  // namespace chronicle
