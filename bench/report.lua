-- wrk script. With WRK_UNIQUE=1 every request carries a query string never sent before, so it
-- misses every response cache (the "cold" measurement). At the end: one machine-readable line.
if os.getenv("WRK_UNIQUE") == "1" then
  local counter = 0
  local salt = tostring(math.random(1, 1000000000))
  request = function()
    counter = counter + 1
    local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
    return wrk.format(nil, wrk.path .. separator .. "_cold=" .. salt .. "-" .. counter)
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors))
end
