"""Rehab views by concept: beds (bed board, stays, waiting list, discharge queue) and pathways (§140/§83a and key figures)."""
