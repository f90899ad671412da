-- wrk script for scripts/load-appeals.sh: every request takes appeals in
-- through POST /api/v1/appeals with a hotline operator's bearer token. BODIES
-- (a Lua file written by scripts/appeals-load.py) holds the request bodies;
-- each thread walks them from its own starting point.
dofile(os.getenv("BODIES_LUA"))
local token = os.getenv("TOKEN")
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  counter = id * 7919
end

function request()
  local body = BODIES[(counter % #BODIES) + 1]
  counter = counter + 1
  return wrk.format("POST", "/api/v1/appeals",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p99 %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
