# Chinese text in troff (groff 1.22, Debian 12), applied to scdoc's output: perl -CSD cjk.pl
# <in >out. troff breaks lines only at spaces and reads a line break of the source as a
# space. So a line break between two Chinese characters is removed, and a zero-width break
# point \: goes between two characters where a Chinese line may break (not before closing
# punctuation, not after opening punctuation). Hyphenation is turned off (.nh) and no
# line breaks after a hyphen (.cflags 0 -): they cut option names, paths and diagnostic
# codes. perl-base is Essential in Debian.
use utf8;
use strict;
use warnings;
local $/;
my $page = <STDIN>;
my $end = qr/[\x{3400}-\x{9FFF}\x{F900}-\x{FAFF}〇）〕”’》」】，。、：；！？]/;
my $start = qr/[\x{3400}-\x{9FFF}\x{F900}-\x{FAFF}〇（〔“‘《「【]/;
$page =~ s/($end)\n($start)/$1$2/g;
$page =~ s/($end)(?=$start)/$1\\:/g;
$page =~ s/^(\.TH [^\n]*\n)/$1.nh\n.cflags 0 -\n/m;
print $page;
