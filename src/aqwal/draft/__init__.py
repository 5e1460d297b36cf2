"""Pre-annotation: a new page's draft gold, every label a proposal a reviewer accepts or fixes.

`aqwal new` runs `document.propose` on a page's text and writes the result with `writer`; each
proposed label carries `proposed: <rule>`, and deleting that line accepts it. The rules are the
package's baselines (`aqwal.baselines` is their public face); `count` tells how many proposals a
gold file still holds, and `review` lists them for checking.
"""
