-- wrk script for `make bench-submit`: every connection fills the form again
-- and again, as a citizen does: GET the form, POST the answers with the form's
-- CSRF token and submission key and the session cookie the GET set. Counts
-- the POSTs acknowledged with the redirect to the thank-you page.
local path = os.getenv("SKM_FORM_PATH")
local answers = os.getenv("SKM_ANSWERS")
local threads = {}
local pending = nil
local device = nil
acknowledged = 0
refused = 0

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  device = "skm_device=wrk-" .. id .. "-" .. tostring(math.random(1, 1e9))
end

function request()
  if pending then
    local body = "csrf_token=" .. pending.csrf .. "&submission_key=" .. pending.key
      .. "&" .. answers
    local headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = device .. "; " .. pending.cookie,
    }
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path, {["Cookie"] = device})
end

function response(status, headers, body)
  if pending then
    pending = nil
    local location = headers["Location"] or headers["location"] or ""
    if status == 302 and string.find(location, "/terima-kasih/", 1, true) then
      acknowledged = acknowledged + 1
    else
      refused = refused + 1
    end
    return
  end
  local csrf = string.match(body, 'name="csrf_token" type="hidden" value="([^"]+)"')
  local key = string.match(body, 'name="submission_key" type="hidden" value="([^"]+)"')
  local cookie = headers["Set-Cookie"] or headers["set-cookie"] or ""
  cookie = string.match(cookie, "^([^;]+)") or ""
  if status == 200 and csrf and key then
    pending = {csrf = csrf, key = key, cookie = cookie}
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("acknowledged")
    bad = bad + thread:get("refused")
  end
  io.write(string.format("ACKNOWLEDGED %d\nREFUSED %d\n", ok, bad))
end
