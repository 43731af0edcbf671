# Latency percentiles against the target rate, one colour per system, one dash pattern
# per percentile; bench/run-peers calls it with:
#   gnuplot -e "datadir='DIR'; systems='a b c'; out='FILE.png'" latency-vs-rate.gp
# DIR/<system>.dat holds: rate ack_p50 ack_p99 ack_p99.9 e2e_p50 e2e_p99 e2e_p99.9 (µs);
# the plot shows milliseconds.
set terminal pngcairo size 1400,640 font "sans,11"
set output out
set multiplot layout 1,2
set logscale xy
set xrange [500:*]
set grid
set key below maxrows 3
set format y "%g"
set xlabel "target rate (messages/s)"
set ylabel "latency (ms)"
percentile(i) = (i == 1 ? "p50" : (i == 2 ? "p99" : "p99.9"))
file(s) = datadir . "/" . s . ".dat"

set title "produce → acknowledgement"
plot for [s=1:words(systems)] for [i=1:3] file(word(systems, s)) using 1:(column(1 + i) / 1000) \
     with linespoints linecolor s dashtype i pointtype 6 + i \
     title word(systems, s) . " " . percentile(i)

set title "produce → consumed (end to end)"
plot for [s=1:words(systems)] for [i=1:3] file(word(systems, s)) using 1:(column(4 + i) / 1000) \
     with linespoints linecolor s dashtype i pointtype 6 + i \
     title word(systems, s) . " " . percentile(i)
unset multiplot
