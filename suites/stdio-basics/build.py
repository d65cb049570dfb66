"""Builds data/problems.jsonl: each problem's expected outputs come from its reference solution,
and the first case of each problem also carries an expected output written by hand, which the
solution must reproduce. Run: python3 build.py"""
import json
import subprocess
import sys

PROBLEMS = []


def problem(pid, statement, solution, cases, comparator="whitespace"):
    PROBLEMS.append(dict(id=pid, statement=statement, solution=solution, cases=cases, comparator=comparator))


problem("sum-of-list", "The first line holds n. The second line holds n integers. Print their sum.",
"""n = int(input())
print(sum(map(int, input().split())) if n else 0)
""", [("3\n1 2 3\n", "6\n"), ("1\n-5\n", None), ("5\n1000000000 1000000000 1000000000 1000000000 1000000000\n", None), ("0\n\n", None)])

problem("reverse-words", "Read one line and print its words in reverse order, separated by single spaces.",
"""print(" ".join(input().split()[::-1]))
""", [("hello big world\n", "world big hello\n"), ("one\n", None), ("  a   b  c \n", None)])

problem("fizzbuzz", "Read n and print the numbers 1..n, one a line, writing Fizz for multiples of 3, Buzz for multiples of 5 and FizzBuzz for multiples of both.",
"""n = int(input())
for i in range(1, n + 1):
    print("FizzBuzz" if i % 15 == 0 else "Fizz" if i % 3 == 0 else "Buzz" if i % 5 == 0 else i)
""", [("5\n", "1\n2\nFizz\n4\nBuzz\n"), ("15\n", None), ("1\n", None)])

problem("count-vowels", "Read one line of text and print how many of its letters are vowels (a, e, i, o, u, in either case).",
"""print(sum(ch in "aeiouAEIOU" for ch in input()))
""", [("Programming Is Fun\n", "5\n"), ("xyz\n", None), ("AEIOU aeiou\n", None)])

problem("gcd-lcm", "Read two positive integers a and b and print their greatest common divisor and least common multiple on one line.",
"""import math
a, b = map(int, input().split())
g = math.gcd(a, b)
print(g, a // g * b)
""", [("12 18\n", "6 36\n"), ("7 13\n", None), ("1000000007 1000000007\n", None), ("1 1\n", None)])

problem("primes-up-to", "Read n and print every prime p <= n in increasing order on one line, separated by spaces (print an empty line when there is none).",
"""n = int(input())
sieve = [True] * (n + 1)
primes = []
for i in range(2, n + 1):
    if sieve[i]:
        primes.append(i)
        for j in range(i * i, n + 1, i):
            sieve[j] = False
print(" ".join(map(str, primes)))
""", [("20\n", "2 3 5 7 11 13 17 19\n"), ("1\n", None), ("2\n", None), ("100\n", None)])

problem("average", "The first line holds n, the second n numbers. Print their mean with at least six correct significant digits.",
"""n = int(input())
xs = list(map(float, input().split()))
print("%.9f" % (sum(xs) / n))
""", [("4\n1 2 3 4\n", "2.5\n"), ("3\n0.1 0.2 0.3\n", None), ("1\n-7\n", None)], comparator="numeric")

problem("palindrome-check", "Read one word and print YES if it reads the same backwards, else NO. Case counts.",
"""s = input().strip()
print("YES" if s == s[::-1] else "NO")
""", [("racecar\n", "YES\n"), ("Racecar\n", None), ("ab\n", None), ("a\n", None)])

problem("max-subarray", "The first line holds n >= 1, the second n integers. Print the largest sum of a non-empty run of consecutive elements.",
"""input()
best = None
current = 0
for x in map(int, input().split()):
    current = max(x, current + x)
    best = current if best is None else max(best, current)
print(best)
""", [("9\n-2 1 -3 4 -1 2 1 -5 4\n", "6\n"), ("3\n-3 -1 -2\n", None), ("1\n5\n", None), ("5\n1 2 3 4 5\n", None)])

problem("word-frequency", "Read text until the end of input. Print each distinct lower-cased word (runs of letters) with its count, as `word count`, most frequent first, ties in alphabetical order.",
"""import re, sys
from collections import Counter
counts = Counter(re.findall(r"[a-z]+", sys.stdin.read().lower()))
for word, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
    print(word, count)
""", [("the cat and The dog\nand the bird\n", "the 3\nand 2\nbird 1\ncat 1\ndog 1\n"), ("Hello, hello! HELLO?\n", None), ("a b c\n", None)])

problem("matrix-transpose", "The first line holds r and c, then r lines of c integers. Print the transposed matrix, c lines of r integers.",
"""r, c = map(int, input().split())
rows = [input().split() for _ in range(r)]
for j in range(c):
    print(" ".join(rows[i][j] for i in range(r)))
""", [("2 3\n1 2 3\n4 5 6\n", "1 4\n2 5\n3 6\n"), ("1 1\n9\n", None), ("3 1\n1\n2\n3\n", None)])

problem("binary-representation", "Read a non-negative integer n and print it in binary without leading zeros (0 prints as 0).",
"""print(bin(int(input()))[2:])
""", [("10\n", "1010\n"), ("0\n", None), ("1\n", None), ("1023\n", None), ("123456789012345678901234567890\n", None)])

problem("balanced-brackets", "Read one line made of the characters ()[]{} and print YES if the brackets are balanced, else NO.",
"""pairs = {")": "(", "]": "[", "}": "{"}
stack = []
ok = True
for ch in input().strip():
    if ch in "([{":
        stack.append(ch)
    elif not stack or stack.pop() != pairs[ch]:
        ok = False
        break
print("YES" if ok and not stack else "NO")
""", [("([]{})\n", "YES\n"), ("([)]\n", None), ("((\n", None), ("\n", None), ("}\n", None)])

problem("fibonacci-mod", "Read n (0 <= n <= 100000) and print the n-th Fibonacci number modulo 1000000007, with F(0) = 0 and F(1) = 1.",
"""n = int(input())
a, b = 0, 1
for _ in range(n):
    a, b = b, (a + b) % 1000000007
print(a)
""", [("10\n", "55\n"), ("0\n", None), ("1\n", None), ("100000\n", None)])

problem("caesar-shift", "The first line holds k, the second a line of text. Shift every letter k places forward in the alphabet, keeping case and leaving other characters unchanged, and print the result.",
"""k = int(input()) % 26
out = []
for ch in input():
    if "a" <= ch <= "z":
        out.append(chr((ord(ch) - 97 + k) % 26 + 97))
    elif "A" <= ch <= "Z":
        out.append(chr((ord(ch) - 65 + k) % 26 + 65))
    else:
        out.append(ch)
print("".join(out))
""", [("3\nHello, World!\n", "Khoor, Zruog!\n"), ("26\nabc\n", None), ("-1\nabc XYZ\n", None)])

problem("distance-2d", "Each line holds four numbers x1 y1 x2 y2. For each line print the Euclidean distance between the two points.",
"""import math, sys
for line in sys.stdin:
    if line.strip():
        x1, y1, x2, y2 = map(float, line.split())
        print("%.10f" % math.hypot(x2 - x1, y2 - y1))
""", [("0 0 3 4\n1 1 1 1\n", "5\n0\n"), ("-1.5 2 2.5 -1\n", None), ("0 0 1 1\n", None)], comparator="numeric")

problem("yes-no-any-case", "Read an integer n and print YES if it is even, else NO. The answer is accepted in any letter case.",
"""print("yes" if int(input()) % 2 == 0 else "no")
""", [("4\n", "YES\n"), ("7\n", None), ("0\n", None), ("-3\n", None)], comparator="case-insensitive")

problem("sort-numbers", "The first line holds n, the second n integers. Print them sorted in non-decreasing order on one line.",
"""input()
print(" ".join(map(str, sorted(map(int, input().split())))))
""", [("5\n3 1 2 5 4\n", "1 2 3 4 5\n"), ("1\n0\n", None), ("6\n-1 -1 3 2 2 0\n", None)])

problem("run-length-encoding", "Read a string of lower-case letters and print its run-length encoding: each run as the letter followed by the run length.",
"""s = input().strip()
out = []
i = 0
while i < len(s):
    j = i
    while j < len(s) and s[j] == s[i]:
        j += 1
    out.append("%s%d" % (s[i], j - i))
    i = j
print("".join(out))
""", [("aaabccdddd\n", "a3b1c2d4\n"), ("z\n", None), ("abab\n", None)], comparator="exact")

problem("triangle-pattern", "Read n and print a right triangle of asterisks: line i (1-based) holds i asterisks.",
"""n = int(input())
for i in range(1, n + 1):
    print("*" * i)
""", [("3\n", "*\n**\n***\n"), ("1\n", None), ("5\n", None)], comparator="exact")

problem("digit-sum-queries", "The first line holds q; each of the next q lines holds an integer. For each, print the sum of its decimal digits (ignore a minus sign).",
"""q = int(input())
for _ in range(q):
    print(sum(int(d) for d in input().strip().lstrip("-")))
""", [("3\n123\n-45\n0\n", "6\n9\n0\n"), ("1\n999999999999999999\n", None), ("2\n10\n-1\n", None)])

problem("second-largest", "The first line holds n >= 2, the second n integers. Print the second largest distinct value, or NONE when all values are equal.",
"""input()
values = sorted(set(map(int, input().split())), reverse=True)
print(values[1] if len(values) > 1 else "NONE")
""", [("5\n4 1 4 3 2\n", "3\n"), ("3\n7 7 7\n", None), ("2\n-1 -2\n", None)])

problem("anagram-check", "Read two words, one a line, and print YES if one is an anagram of the other (same letters, same counts), else NO.",
"""a = input().strip()
b = input().strip()
print("YES" if sorted(a) == sorted(b) else "NO")
""", [("listen\nsilent\n", "YES\n"), ("abc\nabd\n", None), ("aab\nabb\n", None)])

problem("compound-interest", "Read a principal P, a yearly rate r in percent and a number of years n. Print the balance after n years of yearly compounding; six significant digits suffice.",
"""p, r, n = input().split()
print("%.6f" % (float(p) * (1 + float(r) / 100) ** int(n)))
""", [("1000 5 2\n", "1102.5\n"), ("1 100 10\n", None), ("2500.5 3.25 0\n", None)], comparator="numeric")


def run(solution, stdin):
    done = subprocess.run([sys.executable, "-I", "-c", solution], input=stdin, capture_output=True, text=True, timeout=10)
    if done.returncode != 0:
        raise SystemExit("solution failed: " + done.stderr)
    return done.stdout


def main():
    rows = []
    for p in PROBLEMS:
        cases = []
        for stdin, hand in p["cases"]:
            out = run(p["solution"], stdin)
            if hand is not None and out != hand and p["comparator"] != "numeric" and p["comparator"] != "case-insensitive":
                raise SystemExit("%s: solution printed %r, hand-written output is %r" % (p["id"], out, hand))
            cases.append({"input": stdin, "output": hand if hand is not None else out})
        rows.append({
            "id": p["id"],
            "statement": p["statement"],
            "cases": cases,
            "comparator": p["comparator"],
            "solution": p["solution"],
        })
    with open("data/problems.jsonl", "w") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    print("wrote %d problems, %d cases" % (len(rows), sum(len(r["cases"]) for r in rows)))


main()
