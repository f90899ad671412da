-- wrk script for scripts/load-submit.sh: every request files a new daily report
-- (a distinct unit and day) through POST /api/v1/reports with a bearer token.
-- UNITS (a Lua file written by the shell script) lists the reporting units.
dofile(os.getenv("UNITS_LUA"))
local token = os.getenv("TOKEN")
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  counter = id
  step = tonumber(os.getenv("THREADS") or "2")
end

function request()
  local n = #UNITS
  local unit = UNITS[(counter % n) + 1]
  local day = 1 + math.floor(counter / n)
  counter = counter + step
  local body = string.format(
    '{"unit":"%s","date":"2020-05-%02d","new_confirmed":0,"new_suspected":0,"new_close_contacts":0,"new_fever":%d,"in_place":["closed_management","screening","disinfection","supplies","stability","publicity"],"reporter":"load test"}',
    unit, day, counter % 3)
  return wrk.format("POST", "/api/v1/reports",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p99 %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
