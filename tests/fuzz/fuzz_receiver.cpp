// libFuzzer target: the OTLP/HTTP receiver's request handling (OtlpReceiver::handle, the function
// the server calls), no sockets. The first byte picks the path, method, content type and content
// encoding; the rest is the body. A small span bound makes partial successes and 503s reachable;
// what was kept is then merged into one TraceSet, as `receive` and `validate --receive` do, and the
// metrics summary is seen as the exposition the family checks read.
#include <src/sources/otlp_prometheus.hpp>
#include <src/sources/otlp_receiver.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size == 0) {
    return 0;
  }
  const unsigned pick = data[0];
  ttaobs::http::ServerRequest request;
  request.method = (pick & 0x80) != 0 ? "PUT" : "POST";
  request.path = (pick & 0x40) != 0 ? "/v1/metrics" : (pick & 0x20) != 0 ? "/v1/other" : "/v1/traces";
  const char* types[] = {"application/json", "application/x-protobuf", "application/json; charset=utf-8", "text/x"};
  request.headers.emplace_back("content-type", types[pick & 3]);
  if ((pick & 4) != 0) {
    request.headers.emplace_back("content-encoding", "gzip");
  }
  request.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  ttaobs::sources::OtlpReceiver receiver(ttaobs::sources::ReceiverLimits{1u << 20, 4u << 20, 64, 8});
  (void)receiver.check_head(request);
  (void)receiver.handle(request);
  (void)receiver.handle(request); // the same again: merged into what the first kept
  (void)receiver.take_traces();
  (void)ttaobs::sources::exposition_of(receiver.metrics()); // the metrics, named as Prometheus would
  return 0;
}
