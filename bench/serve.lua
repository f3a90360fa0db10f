-- wrk script for bench/serve.sh: POSTs one file's bytes with the token in a header, and at
-- the end prints one machine-readable line: requests, seconds, non-2xx answers and the
-- latency percentiles in milliseconds.
--   wrk -s bench/serve.lua URL -- FILE TOKEN
local body, token
function init(args)
  local f = assert(io.open(args[1], "rb"))
  body = f:read("*a")
  f:close()
  token = args[2]
end
function request()
  return wrk.format("POST", nil, {["Authorization"] = "Bearer " .. token,
                                  ["Content-Type"] = "application/octet-stream"}, body)
end
local bad = 0
function response(status, headers, body)
  if status >= 300 then bad = bad + 1 end
end
function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.2f errors=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f\n",
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
