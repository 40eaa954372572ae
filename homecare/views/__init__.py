"""Home-care views by concept: day (Min dag), triage, planning (day, competences, overview), plans (visit plans and pauses) and meetings (start-up meetings)."""
