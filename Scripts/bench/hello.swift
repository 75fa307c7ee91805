// The floor of a Swift program's start: built by Scripts/bench/run with mediactl's
// flags, timed in the VM beside /bin/true (benchmark 4).
print("hello")
