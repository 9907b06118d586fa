"""A small corpus of plausible docs, with near-misses, for search relevance tests."""

from __future__ import annotations

from .builders import doc_text

CORPUS = {
    "media/open-source-spotlight/sops/adding-timecodes.md": doc_text(
        "sop.media.oss.adding-timecodes",
        title="Adding timecodes for Open-Source Spotlight videos",
        summary="Write the chapter timecodes and the tool links into the OSS video description.",
        tags=["open-source-spotlight", "youtube", "timecodes"],
        systems=["youtube", "google-docs"],
        body="""
## Procedure

<!-- sop-step-start id=1 -->
Watch the edited video and note a timecode for every topic change.
<!-- sop-step-end -->
<!-- sop-step-start id=2 -->
Paste the timecodes and the project links into the YouTube description.
<!-- sop-step-end -->
""",
    ),
    "media/video-youtube/sops/add-timecodes-to-youtube-videos.md": doc_text(
        "sop.media.video-youtube.add-timecodes",
        title="Add timecodes to YouTube videos",
        summary="Chapters for any YouTube video: format, first chapter at 00:00, minimum length.",
        tags=["youtube", "timecodes"],
        systems=["youtube"],
        body="YouTube turns timecodes in the description into chapters. Start at 00:00.\n",
    ),
    "media/open-source-spotlight/reference/download-from-zoom.md": doc_text(
        "reference.media.oss.download-from-zoom",
        title="Download Open-Source Spotlight video from Zoom and upload it to YouTube",
        doc_type="reference",
        summary="Get the cloud recording out of Zoom and create the YouTube draft.",
        tags=["open-source-spotlight", "zoom", "youtube"],
        systems=["zoom", "youtube", "google-drive"],
        body="Open Zoom, go to Recordings, download the MP4 and upload it to YouTube as a draft.\n",
    ),
    "media/open-source-spotlight/sops/reach-out-to-guests.md": doc_text(
        "sop.media.oss.reach-out-to-guests",
        title="Reach out to Open-Source Spotlight guests",
        summary="Find the maintainers of a tool on GitHub and contact them.",
        tags=["open-source-spotlight", "outreach", "github"],
        systems=["github", "linkedin", "email"],
        body="Look at the contributors, find a contact path, then send the invitation template.\n",
    ),
    "media/open-source-spotlight/templates/reaching-out-to-authors.md": doc_text(
        "template.media.oss.reaching-out-to-authors",
        title="OSS: reaching out to authors about their tool",
        doc_type="template",
        summary="The invitation message: we invite the author to demo their tool.",
        tags=["open-source-spotlight", "outreach", "invitation"],
        systems=["email"],
        body="Hi {author}, we would like to invite you to show {tool} in an OSS video.\n",
    ),
    "media/video-youtube/sops/adding-videos-to-playlist.md": doc_text(
        "sop.media.video-youtube.adding-videos-to-playlist",
        title="Adding videos from other channels to our playlist",
        summary="Put a published video, ours or a guest's, into the right YouTube playlist.",
        tags=["youtube", "playlist"],
        systems=["youtube"],
        body="Open the playlist in YouTube Studio and add the video by its URL.\n",
    ),
    "media/open-source-spotlight/sops/schedule-youtube-videos.md": doc_text(
        "sop.media.oss.schedule-youtube-videos",
        title="Schedule Open-Source Spotlight YouTube videos",
        summary="Schedule the OSS video for Wednesday 17:00 Berlin time.",
        tags=["open-source-spotlight", "youtube", "publication"],
        systems=["youtube"],
        body="Set visibility to scheduled. After publishing, check the OSS playlist as well.\n",
    ),
    "podcast/sops/upload-podcast-recording.md": doc_text(
        "sop.podcast.upload-recording",
        title="Upload the podcast recording to the podcast host",
        summary="Publish the audio episode and its show notes.",
        tags=["podcast"],
        systems=["anchor", "zoom"],
        body="Export the audio of the recording from Zoom or Riverside and upload it.\n",
    ),
    "community/book-of-the-week/sops/reach-out-to-book-authors.md": doc_text(
        "sop.community.book-of-the-week.reach-out-to-book-authors",
        title="Reach out to book authors",
        summary="Ask authors of new books to take part in Book of the Week.",
        tags=["book-of-the-week", "outreach"],
        systems=["email"],
        body="Find the author's email on the publisher page and send the book template.\n",
    ),
    "newsletter/sops/schedule-newsletter.md": doc_text(
        "sop.newsletter.schedule-newsletter",
        title="Schedule a newsletter on Mailchimp",
        summary="Set the send time of the weekly newsletter.",
        tags=["newsletter"],
        systems=["mailchimp"],
        body="Open the campaign and schedule it for Monday. Add the podcast and video links.\n",
    ),
}
