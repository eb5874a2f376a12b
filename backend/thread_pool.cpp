#include "thread_pool.h"

#include <algorithm>
#include <atomic>

namespace moe {

int hardware_threads() {
    return std::max(1u, std::thread::hardware_concurrency());
}

ThreadPool::ThreadPool(int threads) {
    for (int i = 1; i < std::max(1, threads); ++i)
        workers_.emplace_back([this, i] { worker_loop(i); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    start_cv_.notify_all();
    for (auto& t : workers_) t.join();
}

// Claims chunks until none are left. Chunks are claimed under the mutex: they are large
// (a share of a matrix), so the lock is never contended for long.
void ThreadPool::run_chunks() {
    for (;;) {
        int64_t c;
        {
            std::lock_guard lock(mutex_);
            if (next_chunk_ >= chunks_) return;
            c = next_chunk_++;
        }
        const int64_t begin = c * job_chunk_;
        const int64_t end = std::min(job_n_, begin + job_chunk_);
        (*job_)(begin, end);
    }
}

void ThreadPool::worker_loop(int) {
    uint64_t seen = 0;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            start_cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_) return;
            seen = generation_;
            ++busy_;
        }
        run_chunks();
        {
            std::lock_guard lock(mutex_);
            --busy_;
        }
        done_cv_.notify_one();
    }
}

void ThreadPool::parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
    if (n <= 0) return;
    grain = std::max<int64_t>(1, grain);
    const int64_t max_chunks = int64_t(size()) * 4;
    const int64_t chunk = std::max(grain, (n + max_chunks - 1) / max_chunks);
    if (workers_.empty() || chunk >= n) {
        fn(0, n);
        return;
    }
    {
        std::lock_guard lock(mutex_);
        job_ = &fn;
        job_n_ = n;
        job_chunk_ = chunk;
        chunks_ = (n + chunk - 1) / chunk;
        next_chunk_ = 0;
        ++generation_;
    }
    start_cv_.notify_all();
    run_chunks();
    std::unique_lock lock(mutex_);
    done_cv_.wait(lock, [&] { return busy_ == 0 && next_chunk_ >= chunks_; });
    job_ = nullptr;
}

} // namespace moe
