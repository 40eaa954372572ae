"""Student views by concept: trainees (register, placements, meetings, overview) and recruitment."""
