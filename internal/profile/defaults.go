package profile

import (
	"github.com/pagekeeper/pagekeeper/internal/moderation"
)

// The default texts of replies, with the profile's placeholders.
const (
	replyConfidential = "We have hidden your comment because it contains someone's personal or health information. " +
		"To protect everyone's confidentiality, please do not share other people's details here. " +
		"If you need to contact us about someone's care, please use {contact}."
	replyStaff = "Thank you for your comment. Our social media {document} asks that posts do not name or identify members of our team, " +
		"so we have hidden it. If you would like to give feedback about your care, please use {reviews}."
	replyComplaintDelete = "We are sorry you are unhappy. We cannot deal with complaints on social media, and complaints posted here are removed. " +
		"Please use our {complaints_name} so we can look into it properly: {complaints}"
	replyComplaintRequest = "We cannot respond to complaints made on social media. Please delete your post and use our {complaints_name}, " +
		"so that your concern can be looked into properly: {complaints}"
	replyReview   = "Thank you for your feedback. You can leave a review at {reviews} so that the practice manager can respond."
	replyClinical = "We can't deal with requests about care or health on social media, to keep your information safe. " +
		"Please contact the practice through {contact}. If it is urgent call NHS 111, or 999 in an emergency."
	// DefaultUrgentReply is sent to posts where someone may be at risk, unless the profile sets its own.
	DefaultUrgentReply = "We're concerned about what you've written. If you or someone else is in immediate danger, call 999 now. " +
		"For urgent medical help call NHS 111. You can talk to Samaritans any time, free, on 116 123. " +
		"A member of our team has been told about your post."
)

// Defaults returns the rule for every category as the seed guidance sets it:
// material breaching clause 4 is deleted (evidence kept first) and reported;
// defamation (clause 8) also goes to the practice manager for legal advice;
// complaints are deleted (Roxbourne) or the poster is asked to delete them
// (Quorn), pointing to the complaints procedure; reviews are pointed to the
// official review site; safeguarding is never removed: it escalates at once.
func Defaults(g Guidance) map[moderation.Category]Rule {
	g = g.withDefaults()
	complaint := Rule{Actions: []moderation.ActionKind{moderation.ActionPrivateReply}, Reply: replyComplaintRequest}
	if g.Complaints == "delete" {
		complaint = Rule{Actions: []moderation.ActionKind{moderation.ActionPrivateReply, moderation.ActionDelete}, Reply: replyComplaintDelete, ReviewBelow: 0.7}
	}
	conduct := Rule{Actions: []moderation.ActionKind{moderation.ActionHide, moderation.ActionDelete, moderation.ActionReport}, ReviewBelow: 0.8}
	return map[moderation.Category]Rule{
		moderation.PatientInfo: {Actions: []moderation.ActionKind{moderation.ActionHide, moderation.ActionPrivateReply, moderation.ActionEscalate},
			EscalateTo: "ig_lead", Reply: replyConfidential},
		moderation.StaffIdentified: {Actions: []moderation.ActionKind{moderation.ActionHide, moderation.ActionPrivateReply}, Reply: replyStaff, ReviewBelow: 0.7},
		moderation.Obscene:         conduct,
		moderation.Harassment: {Actions: []moderation.ActionKind{moderation.ActionHide, moderation.ActionDelete, moderation.ActionReport, moderation.ActionEscalate},
			EscalateTo: "practice_manager", ReviewBelow: 0.8},
		moderation.Defamatory: {Actions: []moderation.ActionKind{moderation.ActionHide, moderation.ActionReport, moderation.ActionEscalate},
			EscalateTo: "practice_manager"},
		moderation.Fraud:          conduct,
		moderation.Misinformation: {Actions: []moderation.ActionKind{moderation.ActionHide, moderation.ActionHold}},
		moderation.Complaint:      complaint,
		moderation.Review:         {Actions: []moderation.ActionKind{moderation.ActionReply}, Reply: replyReview},
		moderation.Safeguarding: {Actions: []moderation.ActionKind{moderation.ActionEscalate, moderation.ActionPrivateReply},
			EscalateTo: "safeguarding_lead", Reply: "{urgent}"},
		moderation.ClinicalRequest: {Actions: []moderation.ActionKind{moderation.ActionReply}, Reply: replyClinical},
	}
}
