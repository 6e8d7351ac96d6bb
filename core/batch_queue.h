// BatchQueue: batches of items handed from one thread to another, with at most `capacity`
// batches waiting, so that a fast producer cannot run ahead without bound. The importer uses
// it twice: records read and parsed on one thread are planned on another (core/import.cc), and
// records planned on one thread are written on another (storage/store_import.cc). Items move
// in batches because a lock per item cost more than the work on it.
// Thread-safety: one producer thread and one consumer thread.
#ifndef CHRONICLE_CORE_BATCH_QUEUE_H_
#define CHRONICLE_CORE_BATCH_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace chronicle {

template <typename T>
class BatchQueue {
 public:
  // REQUIRES: capacity > 0.
  explicit BatchQueue(size_t capacity) : capacity_(capacity) {}
  BatchQueue(const BatchQueue&) = delete;
  BatchQueue& operator=(const BatchQueue&) = delete;

  // Producer: adds `batch`, waiting while `capacity` batches wait. Returns false, dropping the
  // batch, once the consumer has stopped.
  bool Push(std::vector<T> batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return queue_.size() < capacity_ || stopped_; });
    if (stopped_) return false;
    queue_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }

  // Producer: there will be no more batches.
  void Close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }

  // Consumer: the oldest batch, waiting for one. nullopt once the queue is closed and empty,
  // or stopped.
  std::optional<std::vector<T>> Pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !queue_.empty() || closed_ || stopped_; });
    if (stopped_ || queue_.empty()) return std::nullopt;
    std::vector<T> batch = std::move(queue_.front());
    queue_.pop_front();
    changed_.notify_all();
    return batch;
  }

  // Consumer: takes no more batches. Waiting batches are dropped, and a waiting or later Push
  // returns false.
  void Stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
    queue_.clear();
    changed_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::vector<T>> queue_;
  bool closed_ = false;
  bool stopped_ = false;
};

}  // namespace chronicle

#endif  // CHRONICLE_CORE_BATCH_QUEUE_H_
