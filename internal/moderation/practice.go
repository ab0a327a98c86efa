package moderation

// Practice is what detectors know of the practice whose page a post is on:
// its names, its staff directory and its own published contact details
// (quoting those is innocent; they are no one's personal information).
type Practice struct {
	Name    string   // "Millbrook Surgery"
	Aliases []string // other names people use for it ("Millbrook")
	Staff   []StaffMember
	Phones  []string // the practice's own phone numbers
	Emails  []string // the practice's own email addresses
	Handles []string // the practice's own social-media handles, with @
	Domains []string // the practice's own web domains
}

// StaffMember is one person in a practice's staff directory.
type StaffMember struct {
	Name    string   // full name, "Rhys Hill"
	Title   string   // "Dr", "Nurse"; may be empty
	Role    string   // "GP Partner", "Practice Manager (the practice's only practice manager)"
	Aliases []string // other names: "Dr Hill", "Shiv", "Dr O"
}
