-- wrk script: POST a valid project with a unique code on every request.
-- Arguments: <body template file> <bearer token>. The template holds __CODE__.
local counter = 0
local template
local prefix

function init(args)
  local file = assert(io.open(args[1], "r"))
  template = file:read("*a")
  file:close()
  -- A prefix unique to this wrk thread and run.
  prefix = "BENCH-" .. tostring(os.time()) .. "-" .. string.sub(tostring({}), 8)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. args[2]
end

function request()
  counter = counter + 1
  local body = template:gsub("__CODE__", prefix .. "-" .. counter)
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    "RESULT requests=%d duration_us=%d non_success=%d socket_errors=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
