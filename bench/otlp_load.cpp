// otlp_load URL BATCH.pb SPANS_PER_BATCH REQUESTS [CONNECTIONS] — the load generator of
// bench/receive_vs_jaeger.sh: POSTs the same OTLP/protobuf batch REQUESTS times to URL over
// CONNECTIONS keep-alive connections (a thread and a libcurl handle each), each request's trace ids
// made new (every b"BENCHID_" in the batch replaced by a number unique to the request and the run:
// the run's start in nanoseconds plus the request's number, big-endian), so that no run repeats
// another's spans (a receiver dropping repeats would otherwise measure less work). Prints one
// JSON line: requests sent, answered 200, other statuses, seconds, requests and spans per second.
// C++ and libcurl so the generator costs the receivers far less CPU than they spend (the Python
// generator it replaces topped out near 800 requests/s on two cores).
#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Job
{
  std::string url;
  std::string body;
  std::vector<std::size_t> id_offsets;
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  std::map<long, std::uint64_t> statuses;
  std::string error;
};

std::size_t discard(char*, std::size_t size, std::size_t n, void*)
{
  return size * n;
}

void patch(std::string& body, const std::vector<std::size_t>& offsets, std::uint64_t n)
{
  for (const auto at : offsets) {
    for (int i = 0; i < 8; ++i) {
      body[at + static_cast<std::size_t>(i)] = static_cast<char>((n >> (56 - 8 * i)) & 0xff);
    }
  }
}

void run(Job& job)
{
  CURL* curl = curl_easy_init();
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/x-protobuf");
  headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip
  curl_easy_setopt(curl, CURLOPT_URL, job.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  for (std::uint64_t n = job.first; n < job.first + job.count; ++n) {
    patch(job.body, job.id_offsets, n);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, job.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(job.body.size()));
    const auto code = curl_easy_perform(curl);
    long status = 0;
    if (code == CURLE_OK) {
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    } else if (job.error.empty()) {
      job.error = curl_easy_strerror(code);
    }
    ++job.statuses[status];
  }
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
}

} // namespace

int main(int argc, char** argv)
{
  if (argc < 5) {
    std::fprintf(stderr, "usage: otlp_load URL BATCH.pb SPANS_PER_BATCH REQUESTS [CONNECTIONS]\n");
    return 2;
  }
  const std::string url = argv[1];
  std::ifstream in(argv[2], std::ios::binary);
  const std::string body{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const auto spans = std::stoull(argv[3]);
  const auto requests = std::stoull(argv[4]);
  const auto connections = argc > 5 ? std::stoull(argv[5]) : 4;
  if (body.empty() || connections == 0) {
    std::fprintf(stderr, "otlp_load: empty batch %s or no connections\n", argv[2]);
    return 2;
  }
  std::vector<std::size_t> offsets;
  for (auto at = body.find("BENCHID_"); at != std::string::npos; at = body.find("BENCHID_", at + 8)) {
    offsets.push_back(at);
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const auto share = requests / connections;
  const auto base = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  std::vector<Job> jobs(connections);
  for (std::size_t i = 0; i < connections; ++i) {
    jobs[i] = Job{url, body, offsets, base + i * share, share, {}, {}};
  }
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (auto& job : jobs) {
    threads.emplace_back(run, std::ref(job));
  }
  for (auto& thread : threads) {
    thread.join();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::map<long, std::uint64_t> statuses;
  std::string error;
  for (const auto& job : jobs) {
    for (const auto& [status, n] : job.statuses) {
      statuses[status] += n;
    }
    if (error.empty()) {
      error = job.error;
    }
  }
  const auto ok = statuses[200];
  std::string listed;
  for (const auto& [status, n] : statuses) {
    if (n > 0) {
      listed += (listed.empty() ? "" : ", ") + ("\"" + std::to_string(status) + "\": " + std::to_string(n));
    }
  }
  std::printf("{\"url\": \"%s\", \"requests\": %llu, \"ok\": %llu, \"statuses\": {%s}, \"seconds\": %.3f, "
              "\"requests_per_s\": %.1f, \"spans_per_s\": %.0f%s%s%s}\n",
              url.c_str(), static_cast<unsigned long long>(share * connections), static_cast<unsigned long long>(ok),
              listed.c_str(), seconds, static_cast<double>(ok) / seconds, static_cast<double>(ok * spans) / seconds,
              error.empty() ? "" : ", \"error\": \"", error.c_str(), error.empty() ? "" : "\"");
  curl_global_cleanup();
  return 0;
}
