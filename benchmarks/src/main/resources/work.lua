-- Exercises LuaJ's interpreter: loops, tables, closures, re-entrant calls (table.sort calling a Lua
-- comparator from Java), errors caught by pcall (exceptions through LuaClosure.execute), recursion.
function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

function work(rounds)
  local s = 0
  for r = 1, rounds do
    for i = 1, 2000 do s = s + i % 7 end
    local t = {}
    for i = 1, 200 do t[i] = (i * 7919 + r) % 1000 end
    table.sort(t, function(a, b) return a < b end)
    for i = 1, 50 do
      local ok = pcall(function() local x = nil; return x.y end)
      if not ok then s = s + 1 end
    end
    local ok, msg = pcall(error, "boom")
    s = s + fib(12) + #t
  end
  return s
end
