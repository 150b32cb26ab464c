"""Issue 7 "Trust": property-based and fuzz tests of the rules that must never break (DESIGN.md section 4)."""
